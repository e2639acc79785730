package io.dbscope.engine.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.dbscope.core.definition.Definition;
import io.dbscope.core.engine.ResultRows;
import io.dbscope.core.engine.RowMapper;
import io.dbscope.core.metrics.MetricType;
import io.dbscope.core.metrics.SampleBatch;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The trickiest built-in definitions mapped from literal rows, shaped as their queries return them:
 * names, types, labels and unit conversions must come out as postgres_exporter's.
 */
class PostgresMappingTest {
  private static final Labels DS = Labels.of("datasource", "main");
  private final PostgresEngine engine = new PostgresEngine();
  private final RowMapper mapper = new RowMapper();

  private Definition def(String id) {
    return engine.definitions().stream().filter(d -> d.id().equals(id)).findFirst().orElseThrow();
  }

  private SampleBatch map(String id, List<String> columns, Object[]... rows) {
    SampleBatch out = new SampleBatch();
    RowMapper.Result r = mapper.map(def(id), ResultRows.of(columns, Arrays.asList(rows)), DS, out);
    assertThat(r.missingColumns()).isEmpty();
    return out;
  }

  private static SampleBatch.Family family(SampleBatch b, String name) {
    return b.families().stream()
        .filter(f -> f.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError(name + " not in " + names(b)));
  }

  private static List<String> names(SampleBatch b) {
    return b.families().stream().map(SampleBatch.Family::name).sorted().toList();
  }

  private static double value(SampleBatch b, String name) {
    SampleBatch.Family f = family(b, name);
    assertThat(f.points()).hasSize(1);
    return f.points().get(0).value();
  }

  private static Map<String, String> labels(SampleBatch.Point p) {
    Map<String, String> m = new TreeMap<>();
    for (int i = 0; i < p.labels().size(); i++) {
      m.put(p.labels().getName(i), p.labels().getValue(i));
    }
    return m;
  }

  @Test
  void settingsAreConvertedToSecondsAndBytesLikeTheExporter() {
    List<String> cols = List.of("name", "setting", "unit");
    SampleBatch b =
        map(
            "pg_settings",
            cols,
            new Object[] {"shared_buffers", "16384", "8kB"},
            new Object[] {"work_mem", "4096", "kB"},
            new Object[] {"wal_segment_size", "16777216", "B"},
            new Object[] {"max_wal_size", "1024", "MB"},
            new Object[] {"statement_timeout", "1500", "ms"},
            new Object[] {"checkpoint_timeout", "5", "min"},
            new Object[] {"log_rotation_age", "1", "d"},
            new Object[] {"max_connections", "100", ""},
            new Object[] {"fsync", "on", ""},
            new Object[] {"jit", "off", ""},
            new Object[] {"random_page_cost", "1.1", ""},
            new Object[] {"pg_stat_statements.max", "5000", ""});
    assertThat(value(b, "pg_settings_shared_buffers_bytes")).isEqualTo(16384.0 * 8192);
    assertThat(value(b, "pg_settings_work_mem_bytes")).isEqualTo(4096.0 * 1024);
    assertThat(value(b, "pg_settings_wal_segment_size_bytes")).isEqualTo(16777216.0);
    assertThat(value(b, "pg_settings_max_wal_size_bytes")).isEqualTo(1024.0 * 1024 * 1024);
    assertThat(value(b, "pg_settings_statement_timeout_seconds")).isCloseTo(1.5, within(1e-9));
    assertThat(value(b, "pg_settings_checkpoint_timeout_seconds")).isEqualTo(300.0);
    assertThat(value(b, "pg_settings_log_rotation_age_seconds")).isEqualTo(86400.0);
    assertThat(value(b, "pg_settings_max_connections")).isEqualTo(100.0);
    assertThat(value(b, "pg_settings_fsync")).isEqualTo(1.0);
    assertThat(value(b, "pg_settings_jit")).isEqualTo(0.0);
    assertThat(value(b, "pg_settings_random_page_cost")).isEqualTo(1.1);
    assertThat(value(b, "pg_settings_pg_stat_statements_max")).isEqualTo(5000.0);
    assertThat(b.families()).allSatisfy(f -> assertThat(f.type()).isEqualTo(MetricType.GAUGE));
    assertThat(family(b, "pg_settings_shared_buffers_bytes").help())
        .isEqualTo("Server Parameter: shared_buffers [Units converted to bytes.]");
    assertThat(family(b, "pg_settings_max_connections").help())
        .isEqualTo("Server Parameter: max_connections");
    assertThat(labels(family(b, "pg_settings_fsync").points().get(0)))
        .isEqualTo(Map.of("datasource", "main"));
  }

  @Test
  void disabledSettingsStayMinusOneLikeTheExporter() {
    // The query rewrites the unit of a -1 setting to the target unit ('s' or 'B'), so that the
    // mapper's conversion keeps -1 while the name still gets the exporter's suffix.
    SampleBatch b =
        map(
            "pg_settings",
            List.of("name", "setting", "unit"),
            new Object[] {"log_min_duration_statement", "-1", "s"},
            new Object[] {"temp_file_limit", "-1", "B"});
    assertThat(value(b, "pg_settings_log_min_duration_statement_seconds")).isEqualTo(-1.0);
    assertThat(value(b, "pg_settings_temp_file_limit_bytes")).isEqualTo(-1.0);
  }

  @Test
  void aSettingWithAnUnknownUnitIsSkippedNotZero() {
    SampleBatch out = new SampleBatch();
    RowMapper.Result r =
        mapper.map(
            def("pg_settings"),
            ResultRows.of(
                List.of("name", "setting", "unit"),
                List.<Object[]>of(new Object[] {"odd", "3", "furlongs"})),
            DS,
            out);
    assertThat(r.skipped()).isEqualTo(1);
    assertThat(out.isEmpty()).isTrue();
  }

  @Test
  void statDatabaseCountersKeepTheCommunityNamesAndLabels() {
    List<String> cols =
        List.of(
            "datid",
            "datname",
            "numbackends",
            "xact_commit",
            "xact_rollback",
            "blks_read",
            "blks_hit",
            "tup_returned",
            "tup_fetched",
            "tup_inserted",
            "tup_updated",
            "tup_deleted",
            "conflicts",
            "temp_files",
            "temp_bytes",
            "deadlocks",
            "blk_read_time",
            "blk_write_time",
            "stats_reset");
    Object[] row = {
      16384L, "app", 3, 100L, 2L, 10L, 990L, 5000L, 400L, 20L, 5L, 1L, 0L, 1L, 8192L, 0L, 12.5,
      3.25, 0.0
    };
    SampleBatch b = map("pg_stat_database", cols, row);
    assertThat(names(b)).hasSize(17).allMatch(n -> n.startsWith("pg_stat_database_"));
    SampleBatch.Family commit = family(b, "pg_stat_database_xact_commit");
    assertThat(commit.type()).isEqualTo(MetricType.COUNTER);
    assertThat(labels(commit.points().get(0)))
        .isEqualTo(Map.of("datasource", "main", "datid", "16384", "datname", "app"));
    assertThat(family(b, "pg_stat_database_numbackends").type()).isEqualTo(MetricType.GAUGE);
    assertThat(value(b, "pg_stat_database_blk_read_time")).isEqualTo(12.5);
    assertThat(family(b, "pg_stat_database_stats_reset").type()).isEqualTo(MetricType.COUNTER);
  }

  @Test
  void activeTimeIsExportedInSecondsAsACounterAndInMillisecondsUntyped() {
    List<String> cols =
        List.of(
            "datid",
            "datname",
            "active_time_seconds_total",
            "active_time",
            "session_time",
            "idle_in_transaction_time",
            "sessions",
            "sessions_abandoned",
            "sessions_fatal",
            "sessions_killed",
            "checksum_failures",
            "checksum_last_failure");
    Object[] row = {5L, "postgres", 2500.0, 2500.0, 9000.0, 10.0, 7L, 0L, 0L, 0L, null, null};
    SampleBatch b = map("pg_stat_database_sessions", cols, row);
    assertThat(family(b, "pg_stat_database_active_time_seconds_total").type())
        .isEqualTo(MetricType.COUNTER);
    assertThat(value(b, "pg_stat_database_active_time_seconds_total")).isEqualTo(2.5);
    assertThat(value(b, "pg_stat_database_active_time")).isEqualTo(2500.0);
    assertThat(family(b, "pg_stat_database_sessions").type()).isEqualTo(MetricType.UNTYPED);
    // NULL (checksums off) is "not known", never 0.
    assertThat(names(b))
        .doesNotContain(
            "pg_stat_database_checksum_failures", "pg_stat_database_checksum_last_failure");
  }

  @Test
  void bothBgwriterVariantsProduceTheSameCounterFamilies() {
    List<String> cols =
        List.of(
            "checkpoints_timed_total",
            "checkpoints_req_total",
            "checkpoint_write_time_total",
            "checkpoint_sync_time_total",
            "buffers_checkpoint_total",
            "buffers_clean_total",
            "maxwritten_clean_total",
            "buffers_backend_total",
            "buffers_backend_fsync_total",
            "buffers_alloc_total",
            "stats_reset_total");
    Object[] row = {10L, 2L, 1500.0, 20.0, 300L, 40L, 0L, 77L, 0L, 900L, 1.7e9};
    SampleBatch before = map("pg_stat_bgwriter", cols, row);
    SampleBatch after = map("pg_stat_bgwriter_pg17", cols, row);
    List<String> expected =
        List.of(
            "pg_stat_bgwriter_buffers_alloc_total",
            "pg_stat_bgwriter_buffers_backend_fsync_total",
            "pg_stat_bgwriter_buffers_backend_total",
            "pg_stat_bgwriter_buffers_checkpoint_total",
            "pg_stat_bgwriter_buffers_clean_total",
            "pg_stat_bgwriter_checkpoint_sync_time_total",
            "pg_stat_bgwriter_checkpoint_write_time_total",
            "pg_stat_bgwriter_checkpoints_req_total",
            "pg_stat_bgwriter_checkpoints_timed_total",
            "pg_stat_bgwriter_maxwritten_clean_total",
            "pg_stat_bgwriter_stats_reset_total");
    assertThat(names(before)).isEqualTo(expected);
    assertThat(names(after)).isEqualTo(expected);
    for (SampleBatch b : List.of(before, after)) {
      assertThat(b.families())
          .allSatisfy(
              f -> {
                assertThat(f.type()).isEqualTo(MetricType.COUNTER);
                assertThat(labels(f.points().get(0))).isEqualTo(Map.of("datasource", "main"));
              });
      assertThat(value(b, "pg_stat_bgwriter_checkpoint_write_time_total")).isEqualTo(1500.0);
    }
  }

  @Test
  void activityRowsWithoutSessionsGiveEmptyLabelsAndExplicitZeros() {
    List<String> cols =
        List.of(
            "datname",
            "state",
            "usename",
            "application_name",
            "backend_type",
            "wait_event_type",
            "wait_event",
            "count",
            "max_tx_duration");
    SampleBatch b =
        map(
            "pg_stat_activity",
            cols,
            new Object[] {
              "postgres", "active", "postgres", "psql", "client backend", null, null, 2L, 0.5
            },
            new Object[] {"postgres", "disabled", null, null, null, null, null, 0L, 0.0});
    SampleBatch.Family count = family(b, "pg_stat_activity_count");
    assertThat(count.points()).hasSize(2);
    // Points come in the order of their labels: the row without a session ("" before "psql").
    assertThat(labels(count.points().get(0)))
        .isEqualTo(
            Map.of(
                "datasource",
                "main",
                "datname",
                "postgres",
                "state",
                "disabled",
                "usename",
                "",
                "backend_type",
                "",
                "wait_event_type",
                "",
                "wait_event",
                "",
                "application_name",
                ""));
    assertThat(count.points().get(0).value()).isEqualTo(0.0);
    assertThat(family(b, "pg_stat_activity_max_tx_duration").points().get(1).value())
        .isEqualTo(0.5);
  }

  @Test
  void replicationSlotFlushPositionIsOnlyExportedForActiveSlots() {
    List<String> cols =
        List.of(
            "slot_name",
            "slot_type",
            "slot_current_wal_lsn",
            "slot_confirmed_flush_lsn",
            "slot_is_active",
            "safe_wal_size_bytes");
    SampleBatch b =
        map(
            "pg_replication_slot",
            cols,
            new Object[] {"standby1", "physical", 5.0e7, null, false, 1.0e9},
            new Object[] {"cdc", "logical", 5.0e7, 4.9e7, true, null});
    assertThat(family(b, "pg_replication_slot_slot_current_wal_lsn").points()).hasSize(2);
    SampleBatch.Family flush = family(b, "pg_replication_slot_slot_confirmed_flush_lsn");
    assertThat(flush.points()).hasSize(1);
    assertThat(labels(flush.points().get(0)))
        .containsEntry("slot_name", "cdc")
        .containsEntry("slot_type", "logical");
    // In the order of their labels: cdc (active) before standby1.
    assertThat(family(b, "pg_replication_slot_slot_is_active").points())
        .extracting(p -> labels(p).get("slot_name"), SampleBatch.Point::value)
        .containsExactly(tuple("cdc", 1.0), tuple("standby1", 0.0));
    assertThat(family(b, "pg_replication_slot_safe_wal_size_bytes").points()).hasSize(1);
  }

  @Test
  void staticVersionIsOneWithVersionLabels() {
    SampleBatch b =
        map(
            "pg_static",
            List.of("version", "short_version", "static"),
            new Object[] {"PostgreSQL 13.23 on x86_64-pc-linux-gnu", "13.23.0", 1});
    SampleBatch.Family f = family(b, "pg_static");
    assertThat(f.type())
        .as("untyped, as postgres_exporter declares it")
        .isEqualTo(MetricType.UNTYPED);
    assertThat(labels(f.points().get(0)))
        .isEqualTo(
            Map.of(
                "datasource",
                "main",
                "version",
                "PostgreSQL 13.23 on x86_64-pc-linux-gnu",
                "short_version",
                "13.23.0"));
    assertThat(f.points().get(0).value()).isEqualTo(1.0);
  }
}
