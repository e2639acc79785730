package io.dbscope.engine.redis;

import io.dbscope.core.engine.ExporterHealth;
import io.dbscope.core.engine.ExporterHealth.Family;
import io.dbscope.core.engine.ExporterHealth.Measure;
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
                  "redis_exporter_scrapes_total", Measure.SCRAPES, "Current total redis scrapes.")),
          Map.of(),
          "");
}
