package io.dbscope.engine.mysql.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.scrape.Deadline;
import io.dbscope.core.scrape.MonitoredDatasource;
import io.dbscope.engine.mysql.MysqlEngine;
import io.dbscope.engine.sql.analytics.AnalyticsContext;
import io.dbscope.engine.sql.analytics.AnalyticsSettings;
import io.dbscope.engine.sql.analytics.JsonLinesEventSink;
import io.dbscope.testkit.MariaDbFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A slow-SQL event of a password statement against a real MariaDB: a {@code CREATE USER} waits
 * behind {@code FLUSH TABLES WITH READ LOCK} (as behind a backup) in a session with {@code
 * NO_BACKSLASH_ESCAPES}, where the first password ends at its backslash and the second one follows.
 * The event shows the statement's shape and no password.
 */
class MysqlSecretEventsTest {
  private static final String SECRET = "S3cr3t-event";

  @Test
  void aWaitingCreateUserIsAnEventWithoutItsPasswords(@TempDir Path dir) throws Exception {
    ExecutorService background = Executors.newSingleThreadExecutor();
    Path file = dir.resolve("events.jsonl");
    AnalyticsSettings s =
        AnalyticsSettings.defaults()
            .minInterval(Duration.ZERO)
            .checkSlowSQL(true)
            .slowSqlTime(Duration.ofSeconds(1))
            .build();
    try (MariaDbFixture db = MariaDbFixture.builder().start();
        EngineResources resources = EngineResources.create();
        JsonLinesEventSink sink = JsonLinesEventSink.file(file);
        Connection holder = connect(db);
        Statement lock = holder.createStatement()) {
      lock.execute("FLUSH TABLES WITH READ LOCK");
      Future<?> waiting =
          background.submit(
              () -> {
                try (Connection c = connect(db);
                    Statement st = c.createStatement()) {
                  st.execute("SET SESSION sql_mode = CONCAT(@@sql_mode, ',NO_BACKSLASH_ESCAPES')");
                  st.execute(
                      "CREATE USER 'ev1'@'%' IDENTIFIED BY 'x\\', 'ev2'@'%' IDENTIFIED BY '"
                          + SECRET
                          + "'");
                }
                return null;
              });
      awaitProcess(holder, "INFO LIKE 'CREATE USER%' AND TIME_MS > 1300");
      try (MonitoredDatasource md = datasource(db, resources, s, sink)) {
        md.collect(Deadline.in(Duration.ofSeconds(30)));
      }
      lock.execute("UNLOCK TABLES");
      waiting.get(10, TimeUnit.SECONDS);

      List<String> lines = Files.readAllLines(file);
      assertThat(lines).hasSize(1);
      JsonNode e = new ObjectMapper().readTree(lines.get(0));
      assertThat(e.get("kind").asText()).isEqualTo("slow_sql");
      assertThat(e.get("text").asText()).isEqualTo("CREATE USER ?@? IDENTIFIED BY ?");
      assertThat(lines.get(0)).doesNotContain(SECRET).doesNotContain("ev2");
    } finally {
      background.shutdownNow();
    }
  }

  private static Connection connect(MariaDbFixture db) throws Exception {
    return DriverManager.getConnection(db.jdbcUrl("mysql"), db.user(), db.password());
  }

  private static MonitoredDatasource datasource(
      MariaDbFixture db, EngineResources resources, AnalyticsSettings s, JsonLinesEventSink sink) {
    DatasourceConfig cfg =
        DatasourceConfig.builder("maria", "mysql")
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

  private static void awaitProcess(Connection c, String condition) throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (true) {
      try (Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE " + condition)) {
        rs.next();
        if (rs.getInt(1) > 0) {
          return;
        }
      }
      if (System.nanoTime() > until) {
        throw new AssertionError("no process with " + condition);
      }
      Thread.sleep(50);
    }
  }
}
