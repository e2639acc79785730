package io.dbscope.engine.cloudwatch;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.engine.ServerFacts;
import io.dbscope.core.engine.Session;
import io.dbscope.core.engine.StatefulCollector;
import io.dbscope.core.metrics.MetricType;
import io.dbscope.core.metrics.SampleBatch;
import io.dbscope.core.scrape.Deadline;
import io.prometheus.metrics.model.snapshots.Labels;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Serves a datasource's latest GetMetricData results as cloudwatch_exporter names them, with the
 * cost self-metrics. It fails (so {@code success=0}, and {@code cloudwatch_up=0} as it is the only
 * collector) when the last poll failed or no poll answered for three periods: nothing stale is
 * served.
 */
final class CloudWatchCollector implements StatefulCollector {
  static final String ID = "cloudwatch";

  /** The self-metrics this collector adds beside the values, with their types. */
  static final Map<String, MetricType> SELF_METRICS =
      Map.of(
          "dbscope_cloudwatch_requested_metrics_total", MetricType.COUNTER,
          "dbscope_cloudwatch_requests_total", MetricType.COUNTER,
          "dbscope_cloudwatch_request_errors_total", MetricType.COUNTER,
          "dbscope_cloudwatch_queries", MetricType.GAUGE,
          "dbscope_cloudwatch_last_success_age_seconds", MetricType.GAUGE,
          "dbscope_cloudwatch_tagging_requests_total", MetricType.COUNTER,
          "dbscope_cloudwatch_tagging_request_errors_total", MetricType.COUNTER);

  @Override
  public String id() {
    return ID;
  }

  @Override
  public boolean applies(ServerFacts facts, DatasourceConfig config) {
    return true;
  }

  @Override
  public void collect(Session session, Deadline deadline, Labels labels, SampleBatch out) {
    CloudWatchSession s = (CloudWatchSession) session;
    Subscription sub = s.subscription();
    Instant now = s.clock().instant();
    var results = sub.results();
    if (results.isPresent()) {
      Subscription.Results r = results.get();
      if (!r.error().isEmpty()) {
        throw new IllegalStateException(r.error());
      }
      Duration age = Duration.between(r.polledAt(), now);
      Duration limit = s.key().period().multipliedBy(3).plusSeconds(30);
      if (age.compareTo(limit) > 0) {
        throw new IllegalStateException("no GetMetricData answer for " + age.toSeconds() + " s");
      }
      values(r.queries(), r.values(), labels, out);
    }
    selfMetrics(sub, now, labels, out);
  }

  private static void values(
      List<MetricQuery> queries, Map<Integer, Double> values, Labels labels, SampleBatch out) {
    for (int i = 0; i < queries.size(); i++) {
      Double v = values.get(i);
      if (v != null) {
        MetricQuery q = queries.get(i);
        out.add(q.family(), MetricType.GAUGE, q.help(), labels.add(q.label(), q.identifier()), v);
      }
    }
  }

  private static void tagMetrics(TagSelection t, Labels labels, SampleBatch out) {
    out.add(
        "dbscope_cloudwatch_tagging_requests_total",
        MetricType.COUNTER,
        "Resource Groups Tagging API GetResources calls (each page one) made to find the"
            + " resources carrying this datasource's tags; AWS does not bill them.",
        labels,
        t.calls.get());
    out.add(
        "dbscope_cloudwatch_tagging_request_errors_total",
        MetricType.COUNTER,
        "Refreshes of this datasource's tags that failed (the identifiers found before are kept).",
        labels,
        t.errors.get());
  }

  private static void selfMetrics(Subscription sub, Instant now, Labels labels, SampleBatch out) {
    out.add(
        "dbscope_cloudwatch_requested_metrics_total",
        MetricType.COUNTER,
        "Metrics requested from CloudWatch GetMetricData, counted as AWS bills them (one per"
            + " query of each answered call; USD 0.01 per 1,000).",
        labels,
        sub.requestedMetrics.get());
    out.add(
        "dbscope_cloudwatch_requests_total",
        MetricType.COUNTER,
        "GetMetricData calls made for this datasource's metrics.",
        labels,
        sub.requests.get());
    out.add(
        "dbscope_cloudwatch_request_errors_total",
        MetricType.COUNTER,
        "GetMetricData calls for this datasource's metrics that failed.",
        labels,
        sub.errors.get());
    out.add(
        "dbscope_cloudwatch_queries",
        MetricType.GAUGE,
        "Metrics this datasource requests each period (metric, identifier and statistic).",
        labels,
        sub.queries().size());
    sub.tags().ifPresent(t -> tagMetrics(t, labels, out));
    sub.lastSuccess()
        .ifPresent(
            t ->
                out.add(
                    "dbscope_cloudwatch_last_success_age_seconds",
                    MetricType.GAUGE,
                    "Seconds since the last GetMetricData poll that answered for this datasource.",
                    labels,
                    Duration.between(t, now).toMillis() / 1000.0));
  }
}
