package io.dbscope.engine.postgres;

import io.dbscope.core.engine.ExporterHealth;
import io.dbscope.core.engine.ExporterHealth.Family;
import io.dbscope.core.engine.ExporterHealth.Measure;
import io.dbscope.core.engine.ExporterHealth.ProcessFamily;
import io.dbscope.core.engine.ExporterHealth.ProcessMeasure;
import java.util.List;
import java.util.Map;

/**
 * postgres_exporter 0.17.1's own health families, names and help texts as it serves them. Its
 * {@code collector} label names the collectors of its {@code collector} package; the definitions it
 * serves from its built-in metric maps instead ({@code pg_settings}, {@code pg_stat_activity},
 * {@code pg_stat_replication}, {@code pg_stat_archiver}, {@code pg_stat_database_conflicts}, {@code
 * pg_replication_slots}) have no collector there, and count only towards {@code
 * pg_exporter_last_scrape_error}, as there.
 */
final class PostgresExporterHealth {
  private PostgresExporterHealth() {}

  static final ExporterHealth HEALTH =
      new ExporterHealth(
              List.of(
                  new Family(
                      "pg_exporter_last_scrape_duration_seconds",
                      Measure.LAST_DURATION,
                      "Duration of the last scrape of metrics from PostgreSQL."),
                  new Family(
                      "pg_exporter_last_scrape_error",
                      Measure.LAST_ERROR,
                      "Whether the last scrape of metrics from PostgreSQL resulted in an error (1 for"
                          + " error, 0 for success)."),
                  new Family(
                      "pg_exporter_scrapes_total",
                      Measure.SCRAPES,
                      "Total number of times PostgreSQL was scraped for metrics."),
                  new Family(
                      "pg_scrape_collector_duration_seconds",
                      Measure.COLLECTOR_DURATION,
                      "postgres_exporter: Duration of a collector scrape."),
                  new Family(
                      "pg_scrape_collector_success",
                      Measure.COLLECTOR_SUCCESS,
                      "postgres_exporter: Whether a collector succeeded.")),
              Map.ofEntries(
                  Map.entry("pg_postmaster", "postmaster"),
                  Map.entry("pg_replication", "replication"),
                  Map.entry("pg_stat_database", "stat_database"),
                  Map.entry("pg_stat_database_sessions", "stat_database"),
                  Map.entry("pg_database_size", "database"),
                  Map.entry("pg_database_connection_limit", "database"),
                  Map.entry("pg_roles", "roles"),
                  Map.entry("pg_locks", "locks"),
                  Map.entry("pg_stat_bgwriter", "stat_bgwriter"),
                  Map.entry("pg_stat_bgwriter_pg17", "stat_bgwriter"),
                  Map.entry("pg_replication_slot", "replication_slot"),
                  Map.entry("pg_replication_slot_wal_status", "replication_slot"),
                  Map.entry("pg_wal", "wal"),
                  Map.entry("pg_stat_user_tables", "stat_user_tables"),
                  Map.entry("pg_stat_user_tables_size", "stat_user_tables"),
                  Map.entry("pg_statio_user_tables", "statio_user_tables")),
              "")
          .withProcessFamilies(
              ProcessFamily.goBuildInfo("postgres_exporter"),
              // Its config file holds auth modules; dbscope's is the whole configuration.
              new ProcessFamily(
                  "postgres_exporter_config_last_reload_successful",
                  ProcessMeasure.RELOAD_SUCCESSFUL,
                  "Postgres exporter config loaded successfully."),
              new ProcessFamily(
                  "postgres_exporter_config_last_reload_success_timestamp_seconds",
                  ProcessMeasure.RELOAD_SUCCESS_TIME,
                  "Timestamp of the last successful configuration reload."));
}
