package io.dbscope.engine.postgres.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.events.EventSink;
import io.dbscope.core.scrape.MonitoredDatasource;
import io.dbscope.engine.sql.analytics.AnalyticsSettings;
import io.dbscope.engine.sql.analytics.JsonLinesEventSink;
import io.dbscope.testkit.ExpositionText;
import io.dbscope.testkit.PostgresFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Session activity against a real PostgreSQL 18 (without pg_stat_statements preloaded): a slow
 * pg_sleep is a slow-SQL metric and exactly one event; an open transaction, an idle-in-transaction
 * session and a lock wait show up in the bounded metrics and as long-transaction events, each once.
 */
class PgActivityTest {
  private static PostgresFixture pg;
  private static EngineResources resources;
  private static final ExecutorService background = Executors.newCachedThreadPool();
  private final Pg.TestClock clock = new Pg.TestClock();

  @BeforeAll
  static void start() {
    pg = PostgresFixture.builder().setting("compute_query_id", "on").start();
    resources = EngineResources.create();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    background.shutdownNow();
    background.awaitTermination(10, TimeUnit.SECONDS);
    if (resources != null) {
      resources.close();
    }
    if (pg != null) {
      pg.close();
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

  /** Waits until some client session matches {@code condition} (a pg_stat_activity predicate). */
  private static void awaitSession(Connection c, String condition) throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (Pg.number(c, "SELECT count(*) FROM pg_stat_activity WHERE " + condition) < 1) {
      if (System.nanoTime() > until) {
        throw new AssertionError("no session with " + condition);
      }
      Thread.sleep(50);
    }
  }

  /** Runs {@code statements} on a connection of their own, in the background. */
  private static Future<?> inBackground(String... statements) {
    return background.submit(
        () -> {
          try (Connection c = pg.connect();
              Statement st = c.createStatement()) {
            for (String sql : statements) {
              st.execute(sql);
            }
          }
          return null;
        });
  }

  @Test
  void aSlowStatementIsAMetricAndExactlyOneEvent(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("events.jsonl");
    AnalyticsSettings s =
        Pg.settings().checkSlowSQL(true).slowSqlTime(Duration.ofMillis(800)).build();
    try (JsonLinesEventSink sink = JsonLinesEventSink.file(file);
        MonitoredDatasource md = Pg.datasource(pg, resources, s, sink, clock);
        Connection watch = pg.connect()) {
      Future<?> sleeper = inBackground("SELECT pg_sleep(3) /* card 4111-1111 */, 'secret'");
      awaitSession(
          watch,
          "state = 'active' AND query LIKE 'SELECT pg_sleep%' AND now() - query_start > interval '1"
              + " second'");
      ExpositionText first = Pg.scrape(md);
      ExpositionText second = Pg.scrape(md);
      assertThat(first.value("pg_slow_queries")).isEqualTo(1);
      assertThat(second.value("pg_slow_queries")).isEqualTo(1);
      assertThat(first.value("pg_slow_query_threshold_seconds")).isEqualTo(0.8);
      assertThat(first.value("pg_active_query_oldest_seconds")).isGreaterThan(1);
      assertThat(first.value("pg_active_query_age_seconds_bucket", "le", "1")).isZero();
      assertThat(first.value("pg_active_query_age_seconds_bucket", "le", "+Inf")).isEqualTo(1);
      assertThat(second.value("pg_activity_events_total", "kind", "slow_sql")).isEqualTo(1);
      sleeper.get(10, TimeUnit.SECONDS);
      assertThat(Pg.scrape(md).value("pg_slow_queries")).isZero();

      List<JsonNode> events = events(file);
      assertThat(events).hasSize(1);
      JsonNode e = events.get(0);
      assertThat(e.get("kind").asText()).isEqualTo("slow_sql");
      assertThat(e.get("datasource").asText()).isEqualTo("pg");
      assertThat(e.get("user").asText()).isEqualTo("postgres");
      assertThat(e.get("database").asText()).isEqualTo("postgres");
      assertThat(e.get("client_addr").asText()).isEqualTo("127.0.0.1");
      assertThat(e.get("duration_seconds").asDouble()).isGreaterThan(1);
      assertThat(e.get("fingerprint").isNull()).isFalse();
      assertThat(e.get("text").asText()).isEqualTo("SELECT pg_sleep(?), ?");
      assertThat(e.get("started_at").asText()).endsWith("Z");
    }
  }

  /**
   * An event's text is normalized like every text. With standard_conforming_strings on (the
   * default) the first literal ends at its backslash and a secret follows in the second.
   */
  @Test
  void aSlowStatementsEventShowsNoLiteral(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("events.jsonl");
    AnalyticsSettings s =
        Pg.settings().checkSlowSQL(true).slowSqlTime(Duration.ofMillis(800)).build();
    try (JsonLinesEventSink sink = JsonLinesEventSink.file(file);
        MonitoredDatasource md = Pg.datasource(pg, resources, s, sink, clock);
        Connection watch = pg.connect()) {
      Future<?> sleeper = inBackground("SELECT pg_sleep(2.5), 'C:\\', 'S3cr3t-event'");
      awaitSession(
          watch,
          "state = 'active' AND query LIKE 'SELECT pg_sleep(2.5)%' AND now() - query_start >"
              + " interval '1 second'");
      Pg.scrape(md);
      sleeper.get(10, TimeUnit.SECONDS);

      List<JsonNode> events = events(file);
      assertThat(events).hasSize(1);
      assertThat(events.get(0).get("text").asText()).isEqualTo("SELECT pg_sleep(?), ?");
      assertThat(Files.readString(file)).doesNotContain("S3cr3t");
    }
  }

  /**
   * dbscope's own sessions are not the workload: a slow statement on a session named as dbscope
   * names its own (the pool filling, a health check, another dbscope) is neither an active query
   * nor slow SQL. Before, the pool's second connection opening during a scrape showed up there.
   */
  @Test
  void dbscopesOwnSessionsAreNotActivity(@TempDir Path dir) throws Exception {
    AnalyticsSettings s =
        Pg.settings().checkSlowSQL(true).slowSqlTime(Duration.ofMillis(800)).build();
    try (JsonLinesEventSink sink = JsonLinesEventSink.file(dir.resolve("events.jsonl"));
        MonitoredDatasource md = Pg.datasource(pg, resources, s, sink, clock);
        Connection watch = pg.connect()) {
      Future<?> sleeper =
          inBackground("SET application_name = 'dbscope'", "SELECT pg_sleep(2) /* own */");
      awaitSession(
          watch,
          "state = 'active' AND query LIKE 'SELECT pg_sleep(2) /* own */%' AND now() - query_start"
              + " > interval '1 second'");
      ExpositionText out = Pg.scrape(md);
      sleeper.get(10, TimeUnit.SECONDS);

      assertThat(out.value("pg_slow_queries")).isZero();
      assertThat(out.value("pg_active_query_oldest_seconds")).isLessThan(1);
    }
  }

  @Test
  void openTransactionsAndLockWaitsAreCountedAndReportedOnce(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("events.jsonl");
    AnalyticsSettings s = Pg.settings().longTransactionTime(Duration.ofSeconds(1)).build();
    try (Connection setup = pg.connect();
        Statement st = setup.createStatement()) {
      st.execute("CREATE TABLE accounts (id int PRIMARY KEY, balance int)");
      st.execute("INSERT INTO accounts VALUES (1, 100)");
    }
    try (JsonLinesEventSink sink = JsonLinesEventSink.file(file);
        MonitoredDatasource md = Pg.datasource(pg, resources, s, sink, clock);
        Connection holder = pg.connect();
        Connection watch = pg.connect()) {
      holder.setAutoCommit(false);
      try (Statement st = holder.createStatement()) {
        st.executeUpdate("UPDATE accounts SET balance = balance - 1 WHERE id = 1");
      }
      Future<?> waiter = inBackground("UPDATE accounts SET balance = balance + 1 WHERE id = 1");
      awaitSession(watch, "wait_event_type = 'Lock'");
      awaitSession(
          watch, "state = 'idle in transaction' AND now() - xact_start > interval '1.2 seconds'");
      ExpositionText first = Pg.scrape(md);
      ExpositionText second = Pg.scrape(md);
      assertThat(first.value("pg_lock_waiting_sessions")).isEqualTo(1);
      assertThat(first.value("pg_waiting_sessions", "wait_event_type", "Lock")).isEqualTo(1);
      assertThat(first.value("pg_idle_in_transaction_sessions")).isEqualTo(1);
      assertThat(first.value("pg_idle_in_transaction_oldest_seconds")).isGreaterThan(1);
      assertThat(first.value("pg_long_transactions")).isGreaterThanOrEqualTo(1);
      assertThat(first.value("pg_transaction_oldest_seconds")).isGreaterThan(1.2);
      assertThat(first.find("pg_slow_queries")).isEmpty(); // checkSlowSQL is off
      holder.rollback();
      waiter.get(10, TimeUnit.SECONDS);

      List<JsonNode> events = events(file);
      assertThat(events)
          .isNotEmpty()
          .allSatisfy(e -> assertThat(e.get("kind").asText()).isEqualTo("long_transaction"));
      assertThat(events.stream().map(e -> e.get("session_id").asText()).distinct().count())
          .as("one event per transaction")
          .isEqualTo(events.size());
      assertThat(second.value("pg_activity_events_total", "kind", "long_transaction"))
          .isEqualTo(events.size());
      assertThat(events)
          .anySatisfy(
              e ->
                  assertThat(e.get("text").asText())
                      .isEqualTo("UPDATE accounts SET balance = balance - ? WHERE id = ?"));
    }
  }

  @Test
  void pgStatStatementsWithoutPreloadIsOneLogLineAndAMetric() throws Exception {
    try (Connection c = pg.connect();
        Statement st = c.createStatement()) {
      st.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
    }
    Logger logger = (Logger) LoggerFactory.getLogger(PgStatementsCollector.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    logger.addAppender(logged);
    try (MonitoredDatasource md =
        Pg.datasource(pg, resources, Pg.settings().build(), EventSink.DISCARD, clock)) {
      for (int i = 0; i < 3; i++) {
        ExpositionText e = Pg.scrape(md);
        assertThat(e.value("pg_stat_statements_available")).isZero();
        assertThat(e.value("dbscope_collector_success", "collector", "pg_stat_statements"))
            .isEqualTo(1);
        assertThat(e.samples("pg_query_calls_total")).isEmpty();
      }
    } finally {
      logger.detachAppender(logged);
      try (Connection c = pg.connect();
          Statement st = c.createStatement()) {
        st.execute("DROP EXTENSION pg_stat_statements");
      }
    }
    assertThat(logged.list)
        .filteredOn(e -> e.getFormattedMessage().contains("shared_preload_libraries"))
        .hasSize(1);
  }
}
