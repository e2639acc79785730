package io.dbscope.engine.redis;

import io.dbscope.core.engine.ExporterHealth;
import io.dbscope.core.engine.ExporterHealth.BuildFact;
import io.dbscope.core.engine.ExporterHealth.Family;
import io.dbscope.core.engine.ExporterHealth.Measure;
import io.dbscope.core.engine.ExporterHealth.ProcessFamily;
import io.dbscope.core.engine.ExporterHealth.ProcessMeasure;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * redis_exporter 1.69.0's own health families, names and help texts as it serves them. It has no
 * per-collector families; {@code redis_exporter_last_scrape_error} carries an {@code err} label,
 * which redis_exporter fills with the error message and dbscope with a bounded description (the
 * kind of connection failure, or the first collector that failed), so that it cannot grow a new
 * series with every message.
 */
final class RedisExporterHealth {
  private RedisExporterHealth() {}

  static final ExporterHealth HEALTH =
      new ExporterHealth(
              List.of(
                  new Family(
                      "redis_exporter_last_scrape_connect_time_seconds",
                      Measure.CONNECT_DURATION,
                      "exporter_last_scrape_connect_time_seconds metric"),
                  new Family(
                      "redis_exporter_last_scrape_duration_seconds",
                      Measure.LAST_DURATION,
                      "exporter_last_scrape_duration_seconds metric"),
                  new Family(
                      "redis_exporter_last_scrape_error",
                      Measure.LAST_ERROR,
                      "The last scrape error status.",
                      "err"),
                  new Family(
                      "redis_exporter_scrapes_total",
                      Measure.SCRAPES,
                      "Current total redis scrapes."),
                  new Family(
                      "redis_exporter_scrape_duration_seconds",
                      Measure.DURATION_SUMMARY,
                      "Durations of scrapes by the exporter")),
              Map.of(),
              "")
          .withProcessFamilies(
              new ProcessFamily(
                  "redis_exporter_build_info",
                  ProcessMeasure.BUILD_INFO,
                  "redis exporter build_info",
                  buildLabels()),
              new ProcessFamily(
                  "redis_target_scrape_request_errors_total",
                  ProcessMeasure.REQUEST_ERRORS,
                  "Errors in requests to the exporter"));

  private static Map<String, BuildFact> buildLabels() {
    Map<String, BuildFact> labels = new LinkedHashMap<>();
    labels.put("build_date", BuildFact.BUILD_DATE);
    labels.put("commit_sha", BuildFact.REVISION);
    labels.put("golang_version", BuildFact.RUNTIME_VERSION);
    labels.put("version", BuildFact.VERSION);
    return labels;
  }
}
