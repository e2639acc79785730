package io.dbscope.engine.postgres;

import io.dbscope.testkit.contract.EngineUnderTest;
import io.dbscope.testkit.contract.ExporterHealthContract;
import java.util.Map;

/**
 * {@link ExporterHealthContract} on the newest PostgreSQL the fixture has; the families as
 * postgres_exporter 0.17.1 serves them.
 */
class PostgresExporterHealthTest extends ExporterHealthContract {
  @Override
  protected EngineUnderTest start() {
    return PostgresUnderTest.start();
  }

  @Override
  protected Map<String, String> exporterFamilies() {
    return Map.of(
        "pg_exporter_last_scrape_duration_seconds", "gauge",
        "pg_exporter_last_scrape_error", "gauge",
        "pg_exporter_scrapes_total", "counter",
        "pg_scrape_collector_duration_seconds", "gauge",
        "pg_scrape_collector_success", "gauge");
  }

  @Override
  protected Map<String, String> exporterProcessFamilies() {
    return Map.of(
        "postgres_exporter_build_info", "gauge",
        "postgres_exporter_config_last_reload_successful", "gauge",
        "postgres_exporter_config_last_reload_success_timestamp_seconds", "gauge");
  }
}
