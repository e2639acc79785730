package io.dbscope.engine.mysql.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.events.EventSink;
import io.dbscope.core.scrape.Deadline;
import io.dbscope.core.scrape.MonitoredDatasource;
import io.dbscope.engine.mysql.MysqlEngine;
import io.dbscope.engine.sql.analytics.AnalyticsContext;
import io.dbscope.engine.sql.analytics.AnalyticsSettings;
import io.dbscope.engine.sql.analytics.JsonLinesEventSink;
import io.dbscope.engine.sql.analytics.StatementSource;
import io.dbscope.engine.sql.analytics.StatementView;
import io.dbscope.testkit.ExpositionText;
import io.dbscope.testkit.MariaDbFixture;
import io.dbscope.testkit.Scraped;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Query analytics against a real MariaDB with performance_schema on: digests with exact calls,
 * errors and deltas, a TRUNCATE of the digest table, 10,000 digests within the series bound, a slow
 * SLEEP() as exactly one event, and transactions and lock waits.
 */
class MysqlAnalyticsTest {
  private static final ExecutorService background = Executors.newCachedThreadPool();

  private static MariaDbFixture db;
  private static EngineResources resources;
  private static Connection sql;

  @BeforeAll
  static void start() throws SQLException {
    db = MariaDbFixture.builder().option("performance-schema-digests-size", "20000").start();
    resources = EngineResources.create();
    try (Connection c = DriverManager.getConnection(db.jdbcUrl("mysql"), db.user(), db.password());
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE app");
    }
    sql = connect();
  }

  @AfterAll
  static void stop() throws Exception {
    background.shutdownNow();
    background.awaitTermination(10, TimeUnit.SECONDS);
    if (sql != null) {
      sql.close();
    }
    if (resources != null) {
      resources.close();
    }
    if (db != null) {
      db.close();
    }
  }

  private static Connection connect() throws SQLException {
    return DriverManager.getConnection(db.jdbcUrl("app"), db.user(), db.password());
  }

  private static ExpositionText scrape(MonitoredDatasource md) {
    return Scraped.of(md.collect(Deadline.in(Duration.ofSeconds(30))));
  }

  private static MonitoredDatasource datasource(AnalyticsSettings s, EventSink sink) {
    return datasource(s, sink, "maria", null);
  }

  private static MonitoredDatasource datasource(
      AnalyticsSettings s, EventSink sink, String name, String database) {
    DatasourceConfig cfg =
        DatasourceConfig.builder(name, "mysql")
            .database(database)
            .engineAlias("mariadb")
            .host(db.host())
            .port(db.port())
            .user(db.user())
            .labels(Map.of("env", "test"))
            .build();
    InstantSource clock = InstantSource.fixed(Instant.parse("2026-01-01T00:00:00Z"));
    MysqlEngine engine = new MysqlEngine(new AnalyticsContext(c -> s, sink, clock));
    return new MonitoredDatasource(cfg, engine, engine.open(cfg, resources));
  }

  private static AnalyticsSettings.Builder settings() {
    return AnalyticsSettings.defaults().minInterval(Duration.ZERO);
  }

  private static void execute(String statement) throws SQLException {
    try (Statement st = sql.createStatement()) {
      st.execute(statement);
    }
  }

  private static String digest(String textLike) throws SQLException {
    try (Statement st = sql.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT DIGEST FROM performance_schema.events_statements_summary_by_digest"
                    + " WHERE SCHEMA_NAME = 'app' AND DIGEST_TEXT LIKE '"
                    + textLike
                    + "' ORDER BY COUNT_STAR DESC LIMIT 1")) {
      if (!rs.next()) {
        throw new AssertionError("no digest like " + textLike);
      }
      return rs.getString(1);
    }
  }

  private static double number(String query) throws SQLException {
    try (Statement st = sql.createStatement();
        ResultSet rs = st.executeQuery(query)) {
      rs.next();
      return rs.getDouble(1);
    }
  }

  private static void selects(String table, int n) throws SQLException {
    try (PreparedStatement ps = sql.prepareStatement("SELECT v FROM " + table + " WHERE id = ?")) {
      for (int i = 1; i <= n; i++) {
        ps.setInt(1, i);
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(rs.next()).isTrue();
        }
      }
    }
  }

  @Test
  void schemaScopeReadsOnlyTheConnectedSchemasDigests() throws Exception {
    execute("CREATE DATABASE IF NOT EXISTS other");
    execute("CREATE TABLE other.only_in_other (id INT)");
    execute("CREATE TABLE only_in_app (id INT)");
    try (Connection o = DriverManager.getConnection(db.jdbcUrl("other"), db.user(), db.password());
        Statement st = o.createStatement()) {
      st.executeQuery("SELECT count(*) FROM only_in_other").close();
    }
    execute("SELECT count(*) FROM only_in_app");
    AnalyticsSettings own = settings().ownDatabaseOnly(true).build();
    try (MonitoredDatasource server = datasource(settings().build(), EventSink.DISCARD);
        MonitoredDatasource app = datasource(own, EventSink.DISCARD, "app", "app");
        MonitoredDatasource other = datasource(own, EventSink.DISCARD, "other", "other")) {
      scrape(server);
      scrape(app);
      scrape(other);
      assertThat(texts(server))
          .anyMatch(t -> t.contains("only_in_other"))
          .anyMatch(t -> t.contains("only_in_app"));
      assertThat(schemas(app)).containsOnly("app");
      assertThat(texts(app)).anyMatch(t -> t.contains("only_in_app"));
      assertThat(schemas(other)).containsOnly("other");
      assertThat(texts(other))
          .anyMatch(t -> t.contains("only_in_other"))
          .noneMatch(t -> t.contains("only_in_app"));
    }
  }

  private static StatementSource statementsOf(MonitoredDatasource md) {
    return md.statefulCollectors().stream()
        .filter(StatementSource.class::isInstance)
        .map(StatementSource.class::cast)
        .findFirst()
        .orElseThrow();
  }

  private static List<String> texts(MonitoredDatasource md) {
    return statementsOf(md).statements("calls", 10_000).stream().map(StatementView::text).toList();
  }

  private static List<String> schemas(MonitoredDatasource md) {
    return statementsOf(md).statements("calls", 10_000).stream()
        .map(StatementView::database)
        .distinct()
        .toList();
  }

  @Test
  void callsErrorsAndDeltasMatchTheWorkload() throws Exception {
    execute("CREATE TABLE items (id INT PRIMARY KEY, v VARCHAR(20)) ENGINE=InnoDB");
    try (MonitoredDatasource md = datasource(settings().build(), EventSink.DISCARD)) {
      ExpositionText before = scrape(md);
      assertThat(before.value("dbscope_collector_success", "collector", "perf_schema.digests"))
          .isEqualTo(1);
      try (PreparedStatement ins = sql.prepareStatement("INSERT INTO items VALUES (?, ?)")) {
        for (int i = 1; i <= 40; i++) {
          ins.setInt(1, i);
          ins.setString(2, "v" + i);
          ins.executeUpdate();
        }
      }
      selects("items", 37);
      for (int i = 0; i < 3; i++) {
        try (Statement st = sql.createStatement()) {
          st.executeQuery("SELECT * FROM no_such_table");
        } catch (SQLException expected) {
          // counted by the server as an error of that digest
        }
      }
      ExpositionText after = scrape(md);
      Files.writeString(Path.of("target", "analytics-mariadb.txt"), after.text());
      String select = digest("SELECT `v` FROM `items` WHERE %");
      String insert = digest("INSERT INTO `items` VALUES %");
      String failing = digest("SELECT * FROM `no_such_table`%");

      assertThat(after.value("mysql_query_calls_total", "digest", select, "schema", "app"))
          .isEqualTo(37);
      assertThat(after.value("mysql_query_rows_sent_total", "digest", select)).isEqualTo(37);
      assertThat(after.value("mysql_query_calls_total", "digest", insert)).isEqualTo(40);
      assertThat(after.value("mysql_query_rows_affected_total", "digest", insert)).isEqualTo(40);
      assertThat(after.value("mysql_query_errors_total", "digest", failing)).isEqualTo(3);
      assertThat(after.value("mysql_query_exec_time_seconds_total", "digest", select)).isPositive();
      assertThat(after.value("mysql_query_max_exec_time_seconds", "digest", select)).isLessThan(1);
      assertThat(after.samples("mysql_query_calls_total"))
          .allSatisfy(q -> assertThat(q.labels()).doesNotContainKey("user"));
      assertThat(
              after.value("mysql_statements_total", "kind", "write")
                  - before.value("mysql_statements_total", "kind", "write"))
          .isEqualTo(40);
      assertThat(
              after.value("mysql_statements_total", "kind", "read")
                  - before.value("mysql_statements_total", "kind", "read"))
          .isGreaterThanOrEqualTo(40);
      assertThat(after.types())
          .containsEntry("mysql_query_calls_total", "counter")
          .containsEntry("mysql_statements_total", "counter")
          .containsEntry("mysql_query_mean_exec_time_seconds", "gauge");
      // MariaDB has no error summary table: that collector does not run at all
      assertThat(after.find("dbscope_collector_success", "collector", "perf_schema.errors"))
          .isEmpty();
      assertThat(after.find("mysql_errors_raised_total")).isEmpty();

      selects("items", 3);
      scrape(md);
      StatementSource source =
          md.statefulCollectors().stream()
              .filter(StatementSource.class::isInstance)
              .map(StatementSource.class::cast)
              .findFirst()
              .orElseThrow();
      StatementView v =
          source.statements("calls", 500).stream()
              .filter(s -> s.fingerprint().equals(select))
              .findFirst()
              .orElseThrow();
      assertThat(v.database()).isEqualTo("app");
      assertThat(v.user()).isNull();
      assertThat(v.kind()).isEqualTo("read");
      assertThat(v.text()).isEqualTo("SELECT `v` FROM `items` WHERE ID = ?");
      // The id dbscope-jdbc gives the statement the application ran (its text with ?).
      assertThat(v.textFingerprint())
          .isEqualTo(
              io.dbscope.sql.SqlFingerprint.id(
                  "SELECT v FROM items WHERE id = ?", io.dbscope.sql.SqlDialect.MYSQL));
      assertThat(v.lastInterval()).containsEntry("calls", 3.0);
      assertThat(source.statements("errors", 1).get(0).fingerprint()).isEqualTo(failing);
    }
  }

  @Test
  void aTruncateOfTheDigestTableNeverMakesACounterGoDown() throws Exception {
    execute("CREATE TABLE truncated (id INT PRIMARY KEY, v VARCHAR(20))");
    execute("INSERT INTO truncated VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd')");
    try (MonitoredDatasource md = datasource(settings().build(), EventSink.DISCARD)) {
      scrape(md); // the baseline
      selects("truncated", 4);
      ExpositionText before = scrape(md);
      String select = digest("SELECT `v` FROM `truncated` WHERE %");
      assertThat(before.value("mysql_query_calls_total", "digest", select)).isEqualTo(4);
      // FIRST_SEEN has whole seconds: the re-created row must be seen in a later second to be
      // told apart from a row whose counters went down (which is re-based with a zero delta)
      Thread.sleep(1100);
      execute("TRUNCATE TABLE performance_schema.events_statements_summary_by_digest");
      selects("truncated", 3);
      ExpositionText after = scrape(md);
      assertThat(after.value("mysql_query_calls_total", "digest", select)).isEqualTo(7);
      assertThat(after.value("mysql_query_resets_total", "reason", "entry_recreated")).isPositive();
      for (ExpositionText.Sample sample : before.samples()) {
        String name = sample.name();
        if ("counter".equals(before.types().get(name)) && name.startsWith("mysql_")) {
          Map<String, String> l = sample.labels();
          List<String> pairs = new ArrayList<>();
          l.forEach(
              (k, x) -> {
                pairs.add(k);
                pairs.add(x);
              });
          double was = sample.value();
          after
              .find(name, pairs.toArray(String[]::new))
              .ifPresent(now -> assertThat(now.value()).as(name + l).isGreaterThanOrEqualTo(was));
        }
      }
    }
  }

  @Test
  void tenThousandDigestsStayWithinTheBoundAndOtherCarriesTheRest() throws Exception {
    StringBuilder cols = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      cols.append(i == 0 ? "" : ", ").append("c").append(i).append(" INT DEFAULT ").append(i);
    }
    execute("CREATE TABLE wide (" + cols + ")");
    execute("INSERT INTO wide () VALUES ()");
    execute("TRUNCATE TABLE performance_schema.events_statements_summary_by_digest");
    try (MonitoredDatasource md =
        datasource(settings().maxTracked(20_000).build(), EventSink.DISCARD)) {
      String total =
          "SELECT SUM(COUNT_STAR) FROM performance_schema.events_statements_summary_by_digest";
      double before1 = number(total);
      scrape(md); // the baseline
      double after1 = number(total);
      try (Statement st = sql.createStatement()) {
        for (int i = 0; i < 100; i++) {
          for (int j = 0; j < 100; j++) {
            try (ResultSet rs = st.executeQuery("SELECT c" + i + ", c" + j + " FROM wide")) {
              rs.next();
            }
          }
        }
      }
      double before2 = number(total);
      ExpositionText e = scrape(md);
      double after2 = number(total);
      long fingerprints =
          e.samples("mysql_query_calls_total").stream()
              .filter(q -> !q.labels().get("digest").equals("other"))
              .count();
      assertThat(fingerprints)
          .isLessThanOrEqualTo(40)
          .isEqualTo((long) e.value("mysql_query_exported_series"));
      assertThat(e.value("mysql_query_tracked_fingerprints")).isGreaterThanOrEqualTo(10_000);
      assertThat(e.value("mysql_query_calls_total", "digest", "other"))
          .isGreaterThanOrEqualTo(9_900);
      // exactly what the server counted between the two collections
      assertThat(e.sum("mysql_query_calls_total")).isBetween(before2 - after1, after2 - before1);
    }
  }

  private static List<JsonNode> events(Path file) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file)) {
        out.add(new ObjectMapper().readTree(line));
      }
    }
    return out;
  }

  private static void awaitProcess(String condition) throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (number("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE " + condition) < 1) {
      if (System.nanoTime() > until) {
        throw new AssertionError("no process with " + condition);
      }
      Thread.sleep(50);
    }
  }

  @Test
  void aSlowSleepIsAMetricAndExactlyOneEvent(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("events.jsonl");
    AnalyticsSettings s = settings().checkSlowSQL(true).slowSqlTime(Duration.ofSeconds(1)).build();
    try (JsonLinesEventSink sink = JsonLinesEventSink.file(file);
        MonitoredDatasource md = datasource(s, sink)) {
      Future<?> sleeper =
          background.submit(
              () -> {
                try (Connection c = connect();
                    Statement st = c.createStatement()) {
                  st.executeQuery("SELECT SLEEP(3), 'secret' /* card 4111 */");
                }
                return null;
              });
      awaitProcess("INFO LIKE 'SELECT SLEEP%' AND TIME_MS > 1300");
      ExpositionText first = scrape(md);
      ExpositionText second = scrape(md);
      assertThat(first.value("mysql_slow_queries")).isEqualTo(1);
      assertThat(second.value("mysql_slow_queries")).isEqualTo(1);
      assertThat(first.value("mysql_active_query_oldest_seconds")).isGreaterThan(1.3);
      assertThat(second.value("mysql_activity_events_total", "kind", "slow_sql")).isEqualTo(1);
      sleeper.get(10, TimeUnit.SECONDS);
      assertThat(scrape(md).value("mysql_slow_queries")).isZero();

      List<JsonNode> events = events(file);
      assertThat(events).hasSize(1);
      JsonNode e = events.get(0);
      assertThat(e.get("kind").asText()).isEqualTo("slow_sql");
      assertThat(e.get("datasource").asText()).isEqualTo("maria");
      assertThat(e.get("user").asText()).isEqualTo("root");
      assertThat(e.get("database").asText()).isEqualTo("app");
      assertThat(e.get("client_addr").asText()).isEqualTo("127.0.0.1");
      assertThat(e.get("duration_seconds").asDouble()).isGreaterThan(1.3);
      assertThat(e.get("fingerprint").isNull()).isTrue();
      assertThat(e.get("text").asText()).isEqualTo("SELECT SLEEP(?), ?");
    }
  }

  @Test
  void openTransactionsAndLockWaitsAreCountedAndReportedOnce(@TempDir Path dir) throws Exception {
    execute("CREATE TABLE accounts (id INT PRIMARY KEY, balance INT) ENGINE=InnoDB");
    execute("INSERT INTO accounts VALUES (1, 100)");
    Path file = dir.resolve("events.jsonl");
    AnalyticsSettings s = settings().longTransactionTime(Duration.ofSeconds(1)).build();
    try (JsonLinesEventSink sink = JsonLinesEventSink.file(file);
        MonitoredDatasource md = datasource(s, sink);
        Connection holder = connect()) {
      holder.setAutoCommit(false);
      try (Statement st = holder.createStatement()) {
        st.executeUpdate("UPDATE accounts SET balance = balance - 1 WHERE id = 1");
      }
      Future<?> waiter =
          background.submit(
              () -> {
                try (Connection c = connect();
                    Statement st = c.createStatement()) {
                  st.executeUpdate("UPDATE accounts SET balance = balance + 1 WHERE id = 1");
                }
                return null;
              });
      awaitProcess("INFO LIKE 'UPDATE accounts SET balance = balance + 1%'");
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      while (number(
              "SELECT COUNT(*) FROM information_schema.INNODB_TRX WHERE trx_started < NOW() -"
                  + " INTERVAL 1 SECOND AND trx_state = 'RUNNING'")
          < 1) {
        assertThat(System.nanoTime()).isLessThan(until);
        Thread.sleep(100);
      }
      ExpositionText first = scrape(md);
      ExpositionText second = scrape(md);
      assertThat(first.value("mysql_lock_waiting_sessions")).isEqualTo(1);
      assertThat(first.value("mysql_idle_in_transaction_sessions")).isEqualTo(1);
      assertThat(first.value("mysql_long_transactions")).isGreaterThanOrEqualTo(1);
      assertThat(first.value("mysql_transaction_oldest_seconds")).isGreaterThan(1);
      assertThat(first.find("mysql_slow_queries")).isEmpty();
      assertThat(first.find("mysql_waiting_sessions")).isEmpty();
      holder.rollback();
      waiter.get(10, TimeUnit.SECONDS);

      List<JsonNode> events = events(file);
      assertThat(events)
          .isNotEmpty()
          .allSatisfy(e -> assertThat(e.get("kind").asText()).isEqualTo("long_transaction"));
      assertThat(events.stream().map(e -> e.get("session_id").asText()).distinct().count())
          .isEqualTo(events.size());
      assertThat(second.value("mysql_activity_events_total", "kind", "long_transaction"))
          .isEqualTo(events.size());
    }
  }
}
