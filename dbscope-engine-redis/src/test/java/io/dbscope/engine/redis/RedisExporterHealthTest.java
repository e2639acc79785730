package io.dbscope.engine.redis;

import io.dbscope.testkit.contract.EngineUnderTest;
import io.dbscope.testkit.contract.ExporterHealthContract;
import java.util.Map;

/**
 * {@link ExporterHealthContract} on Debian's Redis; the families as redis_exporter 1.69.0 serves
 * them.
 */
class RedisExporterHealthTest extends ExporterHealthContract {
  @Override
  protected EngineUnderTest start() {
    return RedisUnderTest.start();
  }

  @Override
  protected Map<String, String> exporterFamilies() {
    return Map.of(
        "redis_exporter_last_scrape_connect_time_seconds", "gauge",
        "redis_exporter_last_scrape_duration_seconds", "gauge",
        "redis_exporter_last_scrape_error", "gauge",
        "redis_exporter_scrapes_total", "counter",
        "redis_exporter_scrape_duration_seconds", "summary");
  }

  @Override
  protected Map<String, String> exporterProcessFamilies() {
    return Map.of(
        "redis_exporter_build_info", "gauge",
        "redis_target_scrape_request_errors_total", "counter");
  }
}
