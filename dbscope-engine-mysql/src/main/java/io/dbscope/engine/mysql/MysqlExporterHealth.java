package io.dbscope.engine.mysql;

import io.dbscope.core.engine.ExporterHealth;
import io.dbscope.core.engine.ExporterHealth.Family;
import io.dbscope.core.engine.ExporterHealth.Measure;
import io.dbscope.core.engine.ExporterHealth.ProcessFamily;
import java.util.List;
import java.util.Map;

/**
 * mysqld_exporter 0.17.2's own health families, names and help texts as it serves them: only the
 * per-collector pair (its {@code mysql_exporter_scrapes_total} and {@code _last_scrape_error} are
 * gone since 0.15). The {@code collector} label is its scraper name ({@code collect.<flag>}); the
 * time connecting took is reported as collector {@code connection} in the duration family only. The
 * definitions that split one of its scrapers by server flavour or feature (Galera, MariaDB or MySQL
 * variables) report under that one scraper.
 */
final class MysqlExporterHealth {
  private MysqlExporterHealth() {}

  private static final String GLOBAL_STATUS = "collect.global_status";
  private static final String GLOBAL_VARIABLES = "collect.global_variables";
  private static final String SLAVE_STATUS = "collect.slave_status";
  private static final String QUERY_RESPONSE_TIME = "collect.info_schema.query_response_time";

  static final ExporterHealth HEALTH =
      new ExporterHealth(
              List.of(
                  new Family(
                      "mysql_exporter_collector_duration_seconds",
                      Measure.COLLECTOR_DURATION,
                      "Collector time duration."),
                  new Family(
                      "mysql_exporter_collector_success",
                      Measure.COLLECTOR_SUCCESS,
                      "mysqld_exporter: Whether a collector succeeded.")),
              Map.ofEntries(
                  Map.entry("global_status", GLOBAL_STATUS),
                  Map.entry("galera_status_info", GLOBAL_STATUS),
                  Map.entry("galera_evs_repl_latency", GLOBAL_STATUS),
                  Map.entry("global_variables", GLOBAL_VARIABLES),
                  Map.entry("version_info.mariadb", GLOBAL_VARIABLES),
                  Map.entry("version_info.mysql", GLOBAL_VARIABLES),
                  Map.entry("transaction_isolation.mariadb", GLOBAL_VARIABLES),
                  Map.entry("transaction_isolation.mysql", GLOBAL_VARIABLES),
                  Map.entry("transaction_isolation.mysql56", GLOBAL_VARIABLES),
                  Map.entry("galera_variables_info", GLOBAL_VARIABLES),
                  Map.entry("galera_gcache_size", GLOBAL_VARIABLES),
                  Map.entry("slave_status.mariadb", SLAVE_STATUS),
                  Map.entry("slave_status.mysql", SLAVE_STATUS),
                  Map.entry("info_schema.innodb_cmp", "collect.info_schema.innodb_cmp"),
                  Map.entry("info_schema.innodb_cmpmem", "collect.info_schema.innodb_cmpmem"),
                  Map.entry("info_schema.query_response_time", QUERY_RESPONSE_TIME),
                  Map.entry("info_schema.query_response_time.sum", QUERY_RESPONSE_TIME),
                  Map.entry("info_schema.query_response_time_read", QUERY_RESPONSE_TIME),
                  Map.entry("info_schema.query_response_time_read.sum", QUERY_RESPONSE_TIME),
                  Map.entry("info_schema.query_response_time_write", QUERY_RESPONSE_TIME),
                  Map.entry("info_schema.query_response_time_write.sum", QUERY_RESPONSE_TIME)),
              "connection")
          .withProcessFamilies(ProcessFamily.goBuildInfo("mysqld_exporter"));
}
