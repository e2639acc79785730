package io.dbscope.core.metrics;

import io.prometheus.metrics.model.snapshots.Labels;
import java.util.List;

/**
 * One of dbscope's own metrics: name, type, help and label names in one place, used both to emit it
 * and to generate {@code docs/metrics.md}, so the two cannot drift.
 *
 * @param labels label names besides {@code datasource} and the datasource's own labels
 * @param perDatasource whether the metric carries {@code datasource} and the user labels
 */
public record SelfMetric(
    String name, MetricType type, String help, List<String> labels, boolean perDatasource) {

  public SelfMetric {
    labels = List.copyOf(labels);
  }

  public void add(SampleBatch batch, Labels labels, double value) {
    batch.add(name, type, help, labels, value);
  }

  /**
   * {@code base} plus one label; when the datasource's own labels already use that name, the
   * self-metric's label wins on this metric (a user label such as {@code state=...} must not make
   * the label set invalid).
   */
  public static Labels with(Labels base, String name, String value) {
    if (!base.contains(name)) {
      return base.add(name, value);
    }
    java.util.List<String> names = new java.util.ArrayList<>();
    java.util.List<String> values = new java.util.ArrayList<>();
    for (int i = 0; i < base.size(); i++) {
      if (!base.getName(i).equals(name)) {
        names.add(base.getName(i));
        values.add(base.getValue(i));
      }
    }
    names.add(name);
    values.add(value);
    return Labels.of(names, values);
  }

  public static final SelfMetric DATASOURCE_UP =
      new SelfMetric(
          "dbscope_datasource_up",
          MetricType.GAUGE,
          "Whether dbscope could connect to the datasource in this scrape and not every collector"
              + " failed (1 for yes, 0 for no).",
          List.of(),
          true);
  public static final SelfMetric DATASOURCE_SCRAPE_DURATION =
      new SelfMetric(
          "dbscope_datasource_scrape_duration_seconds",
          MetricType.GAUGE,
          "Time spent collecting this datasource in this scrape.",
          List.of(),
          true);
  public static final SelfMetric DATASOURCE_HEALTH =
      new SelfMetric(
          "dbscope_datasource_health",
          MetricType.GAUGE,
          "Health of the datasource as the periodic check sees it; 1 for the current state.",
          List.of("state"),
          true);
  public static final SelfMetric DATASOURCE_INFO =
      new SelfMetric(
          "dbscope_datasource_info",
          MetricType.GAUGE,
          "Static facts about the datasource and its server; always 1.",
          List.of("engine", "server_version", "server_role"),
          true);
  public static final SelfMetric DATASOURCE_CONNECTIONS =
      new SelfMetric(
          "dbscope_datasource_connections",
          MetricType.GAUGE,
          "Connections dbscope holds to the datasource (active plus idle).",
          List.of(),
          true);
  public static final SelfMetric DATASOURCE_TIMEOUT =
      new SelfMetric(
          "dbscope_datasource_timeout",
          MetricType.GAUGE,
          "1 when the datasource did not finish before the scrape deadline, else 0.",
          List.of(),
          true);
  public static final SelfMetric COLLECTOR_SUCCESS =
      new SelfMetric(
          "dbscope_collector_success",
          MetricType.GAUGE,
          "Whether the collector succeeded in this scrape (1 for yes, 0 for no).",
          List.of("collector"),
          true);
  public static final SelfMetric COLLECTOR_DURATION =
      new SelfMetric(
          "dbscope_collector_duration_seconds",
          MetricType.GAUGE,
          "Time the collector took in this scrape.",
          List.of("collector"),
          true);
  public static final SelfMetric COLLECTOR_ERRORS =
      new SelfMetric(
          "dbscope_collector_errors_total",
          MetricType.COUNTER,
          "Collector runs that failed since dbscope started.",
          List.of("collector"),
          true);
  public static final SelfMetric COLLECTOR_TIMEOUTS =
      new SelfMetric(
          "dbscope_collector_timeouts_total",
          MetricType.COUNTER,
          "Collector runs cut short by the scrape deadline or their query timeout since dbscope started.",
          List.of("collector"),
          true);
  public static final SelfMetric COLLECTOR_CACHE_AGE =
      new SelfMetric(
          "dbscope_collector_cache_age_seconds",
          MetricType.GAUGE,
          "Age of the samples a cached collector served in this scrape (0 when it ran now).",
          List.of("collector"),
          true);
  public static final SelfMetric DATASOURCE_CIRCUIT_OPEN =
      new SelfMetric(
          "dbscope_datasource_circuit_open",
          MetricType.GAUGE,
          "1 while the datasource is skipped after repeated connection failures (exponential backoff).",
          List.of(),
          true);
  public static final SelfMetric DATASOURCE_CONNECT_FAILURES =
      new SelfMetric(
          "dbscope_datasource_connect_failures_total",
          MetricType.COUNTER,
          "Failed attempts to connect to the datasource since dbscope started, by kind of failure.",
          List.of("reason"),
          true);
  public static final SelfMetric CUSTOM_ROWS_TRUNCATED =
      new SelfMetric(
          "dbscope_custom_rows_truncated_total",
          MetricType.COUNTER,
          "Runs of a custom collector whose query returned more than its maxRows rows; the rest was cut.",
          List.of("collector"),
          true);
  public static final SelfMetric CUSTOM_SERIES_DROPPED =
      new SelfMetric(
          "dbscope_custom_series_dropped_total",
          MetricType.COUNTER,
          "Samples of a custom collector dropped because a metric had more than maxSeries label sets.",
          List.of("collector"),
          true);
  public static final SelfMetric CUSTOM_FILE_LOADED =
      new SelfMetric(
          "dbscope_custom_file_loaded",
          MetricType.GAUGE,
          "Whether a custom metrics file of the datasource is in use (1), or was left out whole because of a problem that concerns no single metric (0).",
          List.of("file"),
          true);
  public static final SelfMetric CUSTOM_METRIC_REFUSED =
      new SelfMetric(
          "dbscope_custom_metric_refused",
          MetricType.GAUGE,
          "A metric of a custom metrics file that was refused because of its own problems (always 1; no series when none is); the rest of its file runs.",
          List.of("file", "metric"),
          true);
  public static final SelfMetric SCRAPE_DURATION =
      new SelfMetric(
          "dbscope_scrape_duration_seconds",
          MetricType.GAUGE,
          "Time this scrape took to collect, up to writing the answer.",
          List.of(),
          false);
  public static final SelfMetric CONFIG_RELOAD_SUCCESSFUL =
      new SelfMetric(
          "dbscope_config_last_reload_successful",
          MetricType.GAUGE,
          "Whether the last configuration reload attempt was successful (1) or kept the running config (0).",
          List.of(),
          false);
  public static final SelfMetric CONFIG_RELOAD_SUCCESS_TIME =
      new SelfMetric(
          "dbscope_config_last_reload_success_timestamp_seconds",
          MetricType.GAUGE,
          "Time of the last successful configuration load (start-up or reload), in seconds since the epoch.",
          List.of(),
          false);
  public static final SelfMetric BUILD_INFO =
      new SelfMetric(
          "dbscope_build_info",
          MetricType.GAUGE,
          "A metric with a constant '1' value labelled by version and the Java runtime dbscope runs on.",
          List.of("version", "java_version"),
          false);

  public static final SelfMetric EVENTS_SENT =
      new SelfMetric(
          "dbscope_events_sent_total",
          MetricType.COUNTER,
          "Query-analytics records (events and statement records) the event sink delivered, as"
              + " acknowledged by the broker.",
          List.of("sink"),
          false);
  public static final SelfMetric EVENTS_DROPPED =
      new SelfMetric(
          "dbscope_events_dropped_total",
          MetricType.COUNTER,
          "Query-analytics records dropped before sending because the event sink's queue was full"
              + " (the oldest are dropped first).",
          List.of("sink"),
          false);
  public static final SelfMetric EVENTS_FAILED =
      new SelfMetric(
          "dbscope_events_failed_total",
          MetricType.COUNTER,
          "Query-analytics records the event sink handed to its client but could not deliver"
              + " (broker down past the delivery timeout, record refused).",
          List.of("sink"),
          false);
  public static final SelfMetric EVENT_QUEUE_DEPTH =
      new SelfMetric(
          "dbscope_event_queue_depth",
          MetricType.GAUGE,
          "Query-analytics records waiting in the event sink's queue.",
          List.of("sink"),
          false);
  public static final SelfMetric EVENT_SEND_DURATION =
      new SelfMetric(
          "dbscope_event_send_duration_seconds",
          MetricType.HISTOGRAM,
          "Time from handing a record to the event sink's client to the broker's acknowledgement,"
              + " for delivered records.",
          List.of("sink"),
          false);

  /** Every self metric, in the order of the docs. */
  public static final SelfMetric CLUSTER_MEMBERS =
      cluster(
          "dbscope_cluster_members",
          MetricType.GAUGE,
          "Live members of the cluster (this one included) as this instance last saw them in"
              + " Redis.");

  public static final SelfMetric CLUSTER_DATASOURCES =
      cluster(
          "dbscope_cluster_datasources",
          MetricType.GAUGE,
          "Enabled datasources of the config, which the members share; compare with the sum of"
              + " dbscope_cluster_datasources_owned over the members.");
  public static final SelfMetric CLUSTER_DATASOURCES_OWNED =
      cluster(
          "dbscope_cluster_datasources_owned",
          MetricType.GAUGE,
          "Datasources this instance scrapes now (0 while fenced or settling).");
  public static final SelfMetric CLUSTER_EPOCH =
      cluster(
          "dbscope_cluster_epoch",
          MetricType.GAUGE,
          "Membership epoch in Redis: it goes up on every join, leave and expiry.");
  public static final SelfMetric CLUSTER_HANDOFFS =
      new SelfMetric(
          "dbscope_cluster_handoffs_total",
          MetricType.COUNTER,
          "Query-analytics state moves: given (written when giving a datasource up), taken (loaded"
              + " from the previous owner's handoff), recovered (loaded from a checkpoint after a"
              + " crash), fresh (nothing saved: new baseline), refused (write fenced by the"
              + " epoch or a lost lease), failed (Redis error).",
          List.of("cluster", "result"),
          false);
  public static final SelfMetric CLUSTER_LEASE_RENEW_FAILURES =
      cluster(
          "dbscope_cluster_lease_renew_failures_total",
          MetricType.COUNTER,
          "Lease renewals (every lease/3) that did not reach Redis.");
  public static final SelfMetric CLUSTER_STATE_BYTES =
      cluster(
          "dbscope_cluster_state_bytes",
          MetricType.GAUGE,
          "Bytes of query-analytics state this instance last wrote to Redis for the datasources it"
              + " owns.");
  public static final SelfMetric CLUSTER_REDIS_UP =
      cluster(
          "dbscope_cluster_redis_up",
          MetricType.GAUGE,
          "1 when the last lease renewal reached Redis, else 0.");
  public static final SelfMetric CLUSTER_FENCED =
      cluster(
          "dbscope_cluster_fenced",
          MetricType.GAUGE,
          "1 while this instance scrapes nothing because it could not renew its lease (or Redis"
              + " was down longer than redisDownGrace), else 0.");

  private static SelfMetric cluster(String name, MetricType type, String help) {
    return new SelfMetric(name, type, help, List.of("cluster"), false);
  }

  public static final List<SelfMetric> ALL =
      List.of(
          DATASOURCE_UP,
          DATASOURCE_SCRAPE_DURATION,
          DATASOURCE_HEALTH,
          DATASOURCE_INFO,
          DATASOURCE_CONNECTIONS,
          DATASOURCE_TIMEOUT,
          COLLECTOR_SUCCESS,
          COLLECTOR_DURATION,
          COLLECTOR_ERRORS,
          COLLECTOR_TIMEOUTS,
          COLLECTOR_CACHE_AGE,
          DATASOURCE_CIRCUIT_OPEN,
          DATASOURCE_CONNECT_FAILURES,
          CUSTOM_ROWS_TRUNCATED,
          CUSTOM_SERIES_DROPPED,
          CUSTOM_FILE_LOADED,
          CUSTOM_METRIC_REFUSED,
          SCRAPE_DURATION,
          CONFIG_RELOAD_SUCCESSFUL,
          CONFIG_RELOAD_SUCCESS_TIME,
          BUILD_INFO,
          EVENTS_SENT,
          EVENTS_DROPPED,
          EVENTS_FAILED,
          EVENT_QUEUE_DEPTH,
          EVENT_SEND_DURATION,
          CLUSTER_MEMBERS,
          CLUSTER_DATASOURCES,
          CLUSTER_DATASOURCES_OWNED,
          CLUSTER_EPOCH,
          CLUSTER_HANDOFFS,
          CLUSTER_LEASE_RENEW_FAILURES,
          CLUSTER_STATE_BYTES,
          CLUSTER_REDIS_UP,
          CLUSTER_FENCED);
}
