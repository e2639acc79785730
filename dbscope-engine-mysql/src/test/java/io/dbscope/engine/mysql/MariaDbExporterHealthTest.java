package io.dbscope.engine.mysql;

import io.dbscope.testkit.contract.EngineUnderTest;
import io.dbscope.testkit.contract.ExporterHealthContract;
import java.util.Map;

/**
 * {@link ExporterHealthContract} on Debian's MariaDB; the families as mysqld_exporter 0.17.2 serves
 * them (it has no scrape counter or last-error gauge any more).
 */
class MariaDbExporterHealthTest extends ExporterHealthContract {
  @Override
  protected EngineUnderTest start() {
    return MariaDbUnderTest.start();
  }

  @Override
  protected Map<String, String> exporterFamilies() {
    return Map.of(
        "mysql_exporter_collector_duration_seconds", "gauge",
        "mysql_exporter_collector_success", "gauge");
  }

  @Override
  protected Map<String, String> exporterProcessFamilies() {
    return Map.of("mysqld_exporter_build_info", "gauge");
  }
}
