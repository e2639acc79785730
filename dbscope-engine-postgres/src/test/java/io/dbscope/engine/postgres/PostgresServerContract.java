package io.dbscope.engine.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.DatasourceBuilder;
import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.definition.Column;
import io.dbscope.core.definition.Definition;
import io.dbscope.core.definition.Mapping;
import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.engine.ResultRows;
import io.dbscope.core.engine.RowMapper;
import io.dbscope.core.engine.ServerFacts;
import io.dbscope.core.engine.Session;
import io.dbscope.core.engine.Target;
import io.dbscope.core.scrape.MonitoredDatasource;
import io.dbscope.core.scrape.Planner;
import io.dbscope.testkit.ExpositionText;
import io.dbscope.testkit.ExpositionText.Sample;
import io.dbscope.testkit.PostgresFixture;
import io.dbscope.testkit.Series;
import io.dbscope.testkit.contract.DefinitionsContract;
import io.dbscope.testkit.contract.EngineUnderTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What every supported PostgreSQL major must give: each concrete class starts one real server once
 * (an oldest or newest {@link PostgresUnderTest}), puts {@link Workload} on it, collects once
 * through {@link MonitoredDatasource} exactly as a scrape does, and hands the written exposition
 * text to these tests and to the test kit's {@link DefinitionsContract} (families named, helped and
 * typed, no duplicate series, no negative counter, a failing definition isolated).
 */
abstract class PostgresServerContract extends DefinitionsContract {
  static final String DATASOURCE = "pg";

  /** Families that are legitimately absent on a fresh standalone server (their value is NULL). */
  static final Set<String> ABSENT_WHEN_NULL =
      Set.of(
          "pg_stat_database_checksum_failures", // data checksums off
          "pg_stat_database_checksum_last_failure",
          "pg_stat_activity_autovacuum_timestamp_seconds"); // no autovacuum worker running

  /**
   * postgres_exporter's optional collectors (off by default); every contract test runs with all of
   * them on, as a datasource with {@code optionalCollectors = "all"} does.
   */
  static final Set<String> OPTIONAL =
      Set.of(
          "database_wraparound",
          "long_running_transactions",
          "process_idle",
          "stat_activity_autovacuum",
          "stat_checkpointer",
          "stat_statements",
          "stat_wal_receiver",
          "statio_user_indexes",
          "xlog_location");

  protected abstract int major();

  /**
   * A server with what the workload needs: logical WAL for a WAL sender, a slot size cap, and
   * pg_stat_statements for the optional stat_statements collector.
   */
  static PostgresFixture.Builder server() {
    return PostgresFixture.builder()
        .statStatements()
        .setting("wal_level", "logical")
        .setting("max_slot_wal_keep_size", "1GB");
  }

  /** The running server, for tests that query it themselves. */
  protected final PostgresFixture fixture() {
    return ((PostgresUnderTest) engineUnderTest()).fixture();
  }

  protected final Collected scrape() {
    return collected();
  }

  /** The workload, its statistics visible, for the one collection. */
  @Override
  protected AutoCloseable load(EngineUnderTest db) throws Exception {
    PostgresFixture pg = ((PostgresUnderTest) db).fixture();
    try (java.sql.Connection c = pg.connect();
        java.sql.Statement st = c.createStatement()) {
      st.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
    }
    Workload workload = Workload.start(pg);
    try {
      awaitStatistics(pg);
    } catch (Exception | Error e) {
      workload.close();
      throw e;
    }
    return workload;
  }

  @Override
  protected DatasourceBuilder datasource(EngineUnderTest db) {
    return db.datasource(DATASOURCE)
        .labels(Map.of("env", "test"))
        .optionalCollectors(List.of("all"));
  }

  /** Keeps the text in {@code target/} for a reader who wants to see what a scraper gets. */
  @BeforeAll
  final void keepTheText() throws IOException {
    Files.writeString(
        Path.of("target", "exposition-pg" + major() + ".txt"), collected().text().text());
  }

  /**
   * Before PostgreSQL 15, backends send their counters to the statistics collector up to half a
   * second late; wait until the workload's commits are visible rather than race them.
   */
  static void awaitStatistics(PostgresFixture pg) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    try (java.sql.Connection c = pg.connect();
        java.sql.Statement st = c.createStatement()) {
      while (System.nanoTime() < end) {
        try (java.sql.ResultSet rs =
            st.executeQuery(
                "SELECT xact_commit FROM pg_stat_database WHERE datname = 'postgres'")) {
          if (rs.next() && rs.getLong(1) > 0) {
            return;
          }
        }
        Thread.sleep(100);
      }
    }
  }

  private ExpositionText text() {
    return scrape().text();
  }

  private double only(String name, Map<String, String> labels) {
    List<Sample> s = text().samples(name, labels);
    assertThat(s).as(name + labels + " in\n" + text().text()).hasSize(1);
    return s.get(0).value();
  }

  /** The value of the {@code server} label: the fixture's host and port. */
  private String serverLabel() {
    return fixture().host() + ":" + fixture().port();
  }

  private void assertFamily(String name, String type, String... labels) {
    assertThat(text().type(name)).as("# TYPE of " + name).hasValue(type);
    Set<String> expected = new TreeSet<>(List.of(labels));
    expected.add("datasource");
    expected.add("env");
    List<Sample> samples = text().samples(name);
    assertThat(samples).as(name).isNotEmpty();
    assertThat(samples)
        .allSatisfy(
            s -> assertThat(new TreeSet<>(s.labels().keySet())).as(name).isEqualTo(expected));
  }

  @Test
  void factsNameTheMajorAndThePrimaryRole() {
    assertThat(scrape().facts().version().parts().get(0)).isEqualTo(major());
    assertThat(scrape().facts().role()).isEqualTo(ServerFacts.Role.PRIMARY);
    assertThat(scrape().facts().extensions()).contains("plpgsql");
    assertThat(scrape().facts().startTime())
        .hasValueSatisfying(
            t -> assertThat(t).isBefore(Instant.now()).isAfter(Instant.now().minusSeconds(600)));
  }

  /**
   * The batched statement (every due collector's rows as JSON in one SELECT, which scrapes use)
   * gives the same series as running each collector's query on its own: same families, same label
   * sets, a value wherever the single query has one. Values themselves may differ (the batch is a
   * later, bigger statement: it holds more locks, for one).
   */
  @Test
  void theBatchedStatementGivesTheSameSeriesAsOneQueryPerCollector() throws Exception {
    DatasourceConfig cfg = datasource(engineUnderTest()).build();
    PostgresEngine engine = new PostgresEngine();
    try (EngineResources resources = EngineResources.create();
        Target target = engine.open(cfg, resources);
        Session session = target.open(Duration.ofSeconds(10))) {
      ServerFacts facts = session.facts(Duration.ofSeconds(10));
      List<Definition> plan = new Planner().plan(engine.definitions(), facts, cfg);
      Map<String, ResultRows> batched = session.batch(plan, Duration.ofSeconds(20)).orElseThrow();
      assertThat(batched.keySet()).hasSameSizeAs(plan);
      RowMapper mapper = new RowMapper();
      int series = 0;
      for (Definition d : plan) {
        ResultRows single = session.query(d, Duration.ofSeconds(20));
        ResultRows fromBatch = batched.get(d.id());
        if (!single.rows().isEmpty() && !fromBatch.rows().isEmpty()) {
          assertThat(fromBatch.columns()).as(d.id()).isEqualTo(single.columns());
        }
        Map<String, Set<String>> a = Series.of(mapper, d, single);
        Map<String, Set<String>> b = Series.of(mapper, d, fromBatch);
        if (IDLE_SESSIONS.contains(d.id())) {
          // Whether any session is idle at all changes between the two reads: not even the
          // families need to match, only the columns (checked above).
          continue;
        } else if (SESSION_VIEWS.contains(d.id())) {
          // Sessions come and go between the two reads (the previous test's pool closing).
          assertThat(b.keySet())
              .as("families of %s, batched vs alone", d.id())
              .isEqualTo(a.keySet());
        } else {
          assertThat(b).as("series of %s, batched vs alone", d.id()).isEqualTo(a);
        }
        series += a.values().stream().mapToInt(Set::size).sum();
      }
      assertThat(series).isGreaterThan(100);
    }
  }

  /**
   * Collectors whose rows are the server's current sessions, or statements that the previous read
   * itself adds.
   */
  private static final Set<String> SESSION_VIEWS =
      Set.of(
          "pg_stat_activity",
          "pg_user_connections",
          "pg_stat_replication",
          "stat_activity_autovacuum",
          "stat_statements");

  /** Collectors with no row at all while no other session is idle. */
  private static final Set<String> IDLE_SESSIONS = Set.of("process_idle", "process_idle.sum");

  @Test
  void everyPlannedCollectorSucceeds() {
    assertThat(scrape().plan()).hasSizeGreaterThanOrEqualTo(20);
    for (Definition d : scrape().plan()) {
      assertThat(only("dbscope_collector_success", Map.of("collector", d.id())))
          .as("collector %s (see its log line above)", d.id())
          .isEqualTo(1.0);
    }
    assertThat(only("pg_up", Map.of())).isEqualTo(1.0);
    assertThat(only("dbscope_datasource_up", Map.of())).isEqualTo(1.0);
  }

  @Test
  void everyDeclaredFamilyIsWrittenWithItsTypeAndLabels() {
    Map<String, String> checked = new LinkedHashMap<>();
    for (Definition d : scrape().plan()) {
      if (!(d.mapping() instanceof Mapping.Columns c)) {
        continue;
      }
      List<String> labels =
          new java.util.ArrayList<>(
              c.columns().stream()
                  .filter(col -> col.usage() == Column.Usage.LABEL)
                  .map(col -> col.labelName().orElseThrow())
                  .toList());
      d.serverLabel().ifPresent(labels::add);
      for (Column col : c.columns()) {
        if (col.usage().metricType().isEmpty()
            || col.usage().suffix().length() > 0
            || ABSENT_WHEN_NULL.contains(col.metricName().orElseThrow())) {
          continue; // histogram parts: processIdleIsAHistogramOfIdleSessions
        }
        String name = col.metricName().orElseThrow();
        String type =
            switch (col.usage().metricType().get()) {
              case GAUGE -> "gauge";
              case COUNTER -> "counter";
              case UNTYPED -> "untyped";
              case HISTOGRAM, GAUGE_HISTOGRAM -> "histogram";
              case SUMMARY -> "summary";
            };
        assertFamily(name, type, labels.toArray(String[]::new));
        checked.put(name, type);
      }
    }
    assertThat(checked).hasSizeGreaterThan(90);
  }

  @Test
  void statDatabaseCountersKeepTheirCommunityNames() {
    assertFamily("pg_stat_database_xact_commit", "counter", "datid", "datname");
    assertFamily("pg_stat_database_blks_hit", "counter", "datid", "datname");
    assertFamily("pg_stat_database_numbackends", "gauge", "datid", "datname");
    assertFamily("pg_stat_database_conflicts_confl_lock", "counter", "datid", "datname", "server");
    assertThat(text().samples("pg_stat_database_xact_commit", Map.of("datname", "postgres")))
        .singleElement()
        .satisfies(s -> assertThat(s.value()).isPositive());
    assertThat(text().samples("pg_stat_database_xact_commit_total")).isEmpty();
  }

  @Test
  void bgwriterCountersAreWrittenWithTotal() {
    assertFamily("pg_stat_bgwriter_checkpoints_timed_total", "counter");
    assertFamily("pg_stat_bgwriter_buffers_backend_total", "counter");
    assertFamily("pg_stat_bgwriter_buffers_alloc_total", "counter");
    assertThat(only("pg_stat_bgwriter_buffers_alloc_total", Map.of())).isPositive();
  }

  @Test
  void settingsAreConvertedLikeTheExporter() {
    assertThat(text().type("pg_settings_shared_buffers_bytes")).hasValue("gauge");
    assertThat(only("pg_settings_shared_buffers_bytes", Map.of()))
        .isGreaterThanOrEqualTo(128 * 1024);
    assertThat(only("pg_settings_max_connections", Map.of())).isEqualTo(200.0);
    assertThat(only("pg_settings_statement_timeout_seconds", Map.of())).isEqualTo(0.0);
    assertThat(only("pg_settings_log_min_duration_statement_seconds", Map.of())).isEqualTo(-1.0);
    assertThat(only("pg_settings_checkpoint_timeout_seconds", Map.of())).isEqualTo(300.0);
    assertThat(only("pg_settings_max_slot_wal_keep_size_bytes", Map.of()))
        .isEqualTo(1024.0 * 1024 * 1024);
    assertThat(only("pg_settings_fsync", Map.of())).isIn(0.0, 1.0);
    assertThat(text().samples("pg_settings_wal_level"))
        .as("enum settings are not exported")
        .isEmpty();
  }

  /**
   * dbscope turns JIT off in its own sessions; pg_settings_jit must still say what the server says
   * (on by default since 12), as a session without dbscope's settings sees it.
   */
  @Test
  void settingsAreTheServersNotThoseOfDbscopesSession() throws Exception {
    try (java.sql.Connection c = fixture().connect();
        java.sql.Statement st = c.createStatement();
        java.sql.ResultSet rs =
            st.executeQuery("SELECT setting, source FROM pg_settings WHERE name = 'jit'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("on");
      assertThat(rs.getString(2)).isEqualTo("default");
    }
    assertThat(only("pg_settings_jit", Map.of())).isEqualTo(1.0);
  }

  /**
   * A transaction that began after the reading statement's own (whose start is {@code now()}) but
   * before pg_stat_activity was read: its raw age is negative, the exported one is not.
   */
  @Test
  void maxTxDurationIsNeverNegative() throws Exception {
    String query =
        new PostgresEngine()
            .definitions().stream()
                .filter(d -> d.id().equals("pg_stat_activity"))
                .findFirst()
                .orElseThrow()
                .query();
    try (java.sql.Connection reader = fixture().connect();
        java.sql.Connection late = fixture().connect();
        java.sql.Statement r = reader.createStatement();
        java.sql.Statement l = late.createStatement()) {
      reader.setAutoCommit(false);
      r.execute("SELECT now()");
      Thread.sleep(50);
      late.setAutoCommit(false);
      l.execute("SELECT 1");
      try (java.sql.ResultSet rs =
          r.executeQuery(
              "SELECT min(extract(epoch FROM now() - xact_start))::float8 FROM pg_stat_activity")) {
        rs.next();
        assertThat(rs.getDouble(1)).as("the raw age of the late transaction").isNegative();
      }
      double min = Double.MAX_VALUE;
      int rows = 0;
      try (java.sql.ResultSet rs = r.executeQuery(query)) {
        while (rs.next()) {
          min = Math.min(min, rs.getDouble("max_tx_duration"));
          rows++;
        }
      }
      assertThat(rows).isPositive();
      assertThat(min).isGreaterThanOrEqualTo(0.0);
      late.rollback();
      reader.rollback();
    }
  }

  @Test
  void versionAndUptimeAreExported() {
    List<Sample> s = text().samples("pg_static");
    assertThat(s)
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.labels().get("short_version")).startsWith(major() + ".").endsWith(".0");
              assertThat(v.labels().get("version")).startsWith("PostgreSQL " + major());
              assertThat(v.value()).isEqualTo(1.0);
            });
    double start = only("pg_postmaster_start_time_seconds", Map.of());
    double uptime = only("pg_uptime_seconds", Map.of());
    assertThat(start + uptime)
        .isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.api.Assertions.within(120.0));
  }

  @Test
  void sessionsAndLocksOfTheWorkloadAreSeen() {
    assertFamily(
        "pg_stat_activity_count",
        "gauge",
        "datname",
        "state",
        "usename",
        "application_name",
        "backend_type",
        "wait_event_type",
        "wait_event",
        "server");
    Map<String, String> holder =
        Map.of(
            "datname",
            "postgres",
            "state",
            "idle in transaction",
            "usename",
            "postgres",
            "application_name",
            Workload.HOLDER,
            "backend_type",
            "client backend",
            "wait_event",
            "ClientRead");
    assertThat(only("pg_stat_activity_count", holder)).isEqualTo(1.0);
    assertThat(only("pg_stat_activity_max_tx_duration", holder)).isPositive();
    assertThat(only("pg_stat_activity_count", Map.of("datname", "template1", "state", "disabled")))
        .isEqualTo(0.0);
    assertThat(only("pg_locks_count", Map.of("datname", "postgres", "mode", "rowexclusivelock")))
        .isGreaterThanOrEqualTo(1.0);
    assertThat(text().samples("pg_locks_count", Map.of("datname", "postgres"))).hasSize(9);
    assertThat(only("pg_total_connections", Map.of())).isGreaterThanOrEqualTo(2.0);
    assertThat(only("pg_active_connections", Map.of())).isGreaterThanOrEqualTo(1.0);
    assertThat(only("pg_idle_connections", Map.of())).isGreaterThanOrEqualTo(0.0);
    assertThat(only("pg_user_connection_count", Map.of("usename", "postgres")))
        .isGreaterThanOrEqualTo(2.0);
  }

  @Test
  void replicationOfTheWorkloadIsSeen() {
    assertThat(only("pg_replication_is_replica", Map.of())).isEqualTo(0.0);
    assertThat(only("pg_replication_lag_seconds", Map.of())).isEqualTo(0.0);
    Map<String, String> sender =
        Map.of(
            "application_name",
            Workload.WALSENDER,
            "slot_name",
            Workload.LOGICAL_SLOT,
            "client_addr",
            "127.0.0.1");
    assertThat(only("pg_stat_replication_pg_current_wal_lsn_bytes", sender)).isPositive();
    assertThat(only("pg_stat_replication_pg_wal_lsn_diff", sender)).isGreaterThanOrEqualTo(0.0);
    assertThat(
            only(
                "pg_replication_slots_active",
                Map.of("slot_name", Workload.LOGICAL_SLOT, "database", "postgres")))
        .isEqualTo(1.0);
    assertThat(
            only(
                "pg_replication_slots_active",
                Map.of("slot_name", Workload.PHYSICAL_SLOT, "database", "")))
        .isEqualTo(0.0);
    Map<String, String> logical =
        Map.of("slot_name", Workload.LOGICAL_SLOT, "slot_type", "logical");
    Map<String, String> physical =
        Map.of("slot_name", Workload.PHYSICAL_SLOT, "slot_type", "physical");
    assertThat(only("pg_replication_slot_slot_is_active", logical)).isEqualTo(1.0);
    assertThat(only("pg_replication_slot_slot_confirmed_flush_lsn", logical)).isPositive();
    assertThat(text().samples("pg_replication_slot_slot_confirmed_flush_lsn", physical))
        .as("inactive slots have no confirmed flush position")
        .isEmpty();
    assertThat(only("pg_replication_slot_safe_wal_size_bytes", physical)).isPositive();
    Map<String, String> reserved = new LinkedHashMap<>(physical);
    reserved.put("wal_status", "reserved");
    assertThat(only("pg_replication_slot_wal_status", reserved)).isEqualTo(1.0);
    assertThat(only("pg_stat_archiver_archived_count", Map.of())).isEqualTo(0.0);
    assertThat(only("pg_stat_archiver_last_archive_age", Map.of()))
        .as("nothing archived yet: NaN, as the exporter serves it")
        .isNaN();
    assertThat(only("pg_replication_last_replay_seconds", Map.of()))
        .as("a primary has replayed nothing: 0, as the exporter's greatest(0, NULL)")
        .isEqualTo(0.0);
    assertThat(only("pg_wal_segments", Map.of())).isGreaterThanOrEqualTo(1.0);
  }

  @Test
  void tablesOfTheWorkloadAreSeen() {
    Map<String, String> workload =
        Map.of("datname", "postgres", "schemaname", "public", "relname", "workload");
    assertFamily("pg_stat_user_tables_seq_scan", "counter", "datname", "schemaname", "relname");
    assertFamily("pg_stat_user_tables_n_live_tup", "gauge", "datname", "schemaname", "relname");
    assertThat(only("pg_stat_user_tables_size_bytes", workload)).isPositive();
    assertThat(only("pg_stat_user_tables_index_size_bytes", workload)).isPositive();
    assertThat(only("pg_stat_user_tables_last_analyze", workload))
        .isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.api.Assertions.within(600.0));
    assertThat(only("pg_stat_user_tables_idx_scan", Map.of("relname", "no_index")))
        .as("NULL for a table without index is 0")
        .isEqualTo(0.0);
    assertFamily(
        "pg_statio_user_tables_heap_blocks_hit", "counter", "datname", "schemaname", "relname");
    assertThat(only("pg_database_size_bytes", Map.of("datname", "postgres"))).isPositive();
    assertThat(only("pg_database_connection_limit", Map.of("datname", "postgres"))).isEqualTo(-1.0);
    assertThat(only("pg_roles_connection_limit", Map.of("rolname", "postgres"))).isEqualTo(-1.0);
  }

  @Test
  void optionalCollectorsRunOnlyWhenTheDatasourceNamesThem() {
    DatasourceConfig plain = engineUnderTest().datasource(DATASOURCE).build();
    List<String> byDefault =
        new Planner()
            .plan(new PostgresEngine().definitions(), scrape().facts(), plain).stream()
                .map(Definition::id)
                .toList();
    assertThat(byDefault).doesNotContainAnyElementsOf(OPTIONAL).contains("postmaster");
    assertThat(planned("database_wraparound")).isTrue();
    assertThat(planned("stat_statements")).as("pg_stat_statements is installed").isTrue();
    assertThat(planned("stat_wal_receiver")).as("a primary has no WAL receiver").isFalse();
    assertThat(planned("xlog_location")).as("PostgreSQL 9.x only").isFalse();
  }

  /** postgres_exporter 0.17.1's optional families, as its binary writes them. */
  @Test
  void optionalCollectorsGiveTheExporterFamilies() {
    assertFamily("pg_database_wraparound_age_datfrozenxid_seconds", "gauge", "datname");
    assertFamily("pg_database_wraparound_age_datminmxid_seconds", "gauge", "datname");
    assertThat(
            only("pg_database_wraparound_age_datfrozenxid_seconds", Map.of("datname", "postgres")))
        .isPositive();
    assertThat(text().samples("pg_database_wraparound_age_datfrozenxid_seconds"))
        .as("template0 does not allow connections")
        .noneMatch(s -> "template0".equals(s.labels().get("datname")));

    assertFamily("pg_long_running_transactions", "gauge");
    assertFamily("pg_long_running_transactions_oldest_timestamp_seconds", "gauge");
    assertThat(only("pg_long_running_transactions", Map.of()))
        .as("the workload's open transaction and dbscope's own")
        .isGreaterThanOrEqualTo(2.0);
    assertThat(only("pg_long_running_transactions_oldest_timestamp_seconds", Map.of()))
        .isPositive()
        .isLessThan(600.0);

    for (String name :
        List.of("calls_total", "seconds_total", "rows_total", "block_read_seconds_total")) {
      assertFamily("pg_stat_statements_" + name, "counter", "user", "datname", "queryid");
    }
    assertThat(text().samples("pg_stat_statements_calls_total"))
        .hasSizeBetween(1, 100)
        .allSatisfy(s -> assertThat(s.value()).isPositive())
        .anySatisfy(s -> assertThat(s.labels()).containsEntry("datname", "postgres"));
    assertThat(text().samples("pg_stat_statements_seconds_total"))
        .allSatisfy(s -> assertThat(s.value()).isPositive());

    assertFamily(
        "pg_statio_user_indexes_idx_blks_hit_total",
        "counter",
        "schemaname",
        "relname",
        "indexrelname");
    assertFamily(
        "pg_statio_user_indexes_idx_blks_read_total",
        "counter",
        "schemaname",
        "relname",
        "indexrelname");
    assertThat(
            only(
                "pg_statio_user_indexes_idx_blks_hit_total",
                Map.of("relname", "workload", "indexrelname", "workload_pkey")))
        .as("counted once the backends flush their statistics")
        .isNotNegative();
    assertThat(text().samples("pg_stat_activity_autovacuum_timestamp_seconds"))
        .allSatisfy(s -> assertThat(s.labels()).containsKey("relname"));
  }

  /**
   * postgres_exporter's legacy metric maps (pg_settings, pg_static, pg_stat_activity, the archiver,
   * conflicts, replication) carry its target as {@code server}; the collectors' families do not.
   */
  @Test
  void theExportersLegacyFamiliesNameTheirServer() {
    for (String name :
        List.of(
            "pg_settings_max_connections",
            "pg_static",
            "pg_stat_activity_count",
            "pg_stat_archiver_archived_count",
            "pg_stat_database_conflicts_confl_lock",
            "pg_stat_replication_pg_current_wal_lsn_bytes",
            "pg_replication_slots_active")) {
      assertThat(text().samples(name))
          .as(name)
          .isNotEmpty()
          .allSatisfy(s -> assertThat(s.labels()).containsEntry("server", serverLabel()));
    }
    for (String name : List.of("pg_stat_database_xact_commit", "pg_locks_count", "pg_up")) {
      assertThat(text().samples(name))
          .as(name)
          .isNotEmpty()
          .allSatisfy(s -> assertThat(s.labels()).doesNotContainKey("server"));
    }
  }

  /**
   * pg_process_idle_seconds (optional process_idle): a histogram per state and application of the
   * idle sessions; the workload holds one session idle in a transaction.
   */
  @Test
  void processIdleIsAHistogramOfIdleSessions() {
    assertThat(text().type("pg_process_idle_seconds")).hasValue("histogram");
    Map<String, String> holder =
        Map.of("state", "idle in transaction", "application_name", Workload.HOLDER);
    List<Sample> buckets = text().samples("pg_process_idle_seconds_bucket", holder);
    assertThat(buckets)
        .extracting(b -> b.labels().get("le"))
        .containsExactlyInAnyOrder("1", "2", "5", "15", "30", "60", "90", "120", "300", "+Inf");
    double count = only("pg_process_idle_seconds_count", holder);
    assertThat(count).isEqualTo(1.0);
    assertThat(only("pg_process_idle_seconds_bucket", with(holder, "le", "+Inf"))).isEqualTo(count);
    assertThat(only("pg_process_idle_seconds_sum", holder)).isNotNegative();
    assertThat(text().samples("pg_process_idle_seconds_count"))
        .allSatisfy(s -> assertThat(s.labels().get("state")).startsWith("idle"));
  }

  private static Map<String, String> with(Map<String, String> labels, String name, String value) {
    Map<String, String> out = new LinkedHashMap<>(labels);
    out.put(name, value);
    return out;
  }

  /** Whether a collector is in the plan, for version-specific checks in subclasses. */
  boolean planned(String id) {
    return scrape().plan().stream().anyMatch(d -> d.id().equals(id));
  }
}
