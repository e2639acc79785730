package io.dbscope.engine.mysql.custom;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.custom.CustomFiles;
import io.dbscope.core.custom.CustomMetricsLoader;
import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.metrics.SampleBatch;
import io.dbscope.core.scrape.Deadline;
import io.dbscope.core.scrape.MonitoredDatasource;
import io.dbscope.engine.mysql.MysqlEngine;
import io.dbscope.testkit.CapturedLogs;
import io.dbscope.testkit.ExpositionText;
import io.dbscope.testkit.MariaDbFixture;
import io.dbscope.testkit.Scraped;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Custom results are bounded in bytes, not only in rows: a value past {@code customMaxValueBytes}
 * or a result past {@code customMaxResultBytes} fails its collector with the bound in the
 * message, the rest of the result is not read, and the connection is discarded rather than left in
 * the pool in the middle of a streamed result (where every later statement on it would fail). The
 * other collectors of the scrape and the next scrapes are fine, and the heap holds one row of the
 * result at a time, not the result: 100 rows of 4 MB are not read into memory.
 */
class MariaDbResultBoundsTest {
  @TempDir static Path dir;

  private static MariaDbFixture db;
  private static EngineResources resources;
  private static MysqlEngine engine;

  private static final String ROWS =
      "WITH RECURSIVE r(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM r WHERE g < %d)"
          + " SELECT CONCAT(g, REPEAT('y', %d)) AS k, g AS n FROM r";

  @BeforeAll
  static void start() throws SQLException {
    db = MariaDbFixture.builder().start();
    resources = EngineResources.create();
    engine = new MysqlEngine();
    try (Connection c = connect();
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE app");
      st.execute("CREATE TABLE app.queue (name VARCHAR(20), depth INT) ENGINE=InnoDB");
      st.execute("INSERT INTO app.queue VALUES ('mail', 4), ('sms', 0), ('push', 12)");
    }
  }

  @AfterAll
  static void stop() {
    if (resources != null) {
      resources.close();
    }
    if (db != null) {
      db.close();
    }
  }

  @Test
  void pastAByteBoundACollectorFailsAloneAndItsConnectionIsDiscarded() throws Exception {
    Path f =
        Files.writeString(
            dir.resolve("lowered.toml"),
            metric("wide_value", "SELECT REPEAT('x', 2000000) AS k, 1 AS n")
                + metric("wide_result", ROWS.formatted(50, 200000))
                + metric("depth", "SELECT 'all' AS k, SUM(depth) AS n FROM app.queue"));

    try (CapturedLogs logs = CapturedLogs.scrape();
        MonitoredDatasource ds =
            datasource(f, b -> b.customMaxValueBytes(256 * 1024).customMaxResultBytes(1 << 20))) {
      for (int scrape = 1; scrape <= 3; scrape++) {
        ExpositionText s = Scraped.of(ds.collect(Deadline.in(Duration.ofSeconds(20))));

        assertThat(Scraped.success(s, "maria", "custom:wide_value"))
            .as("scrape %d", scrape)
            .isZero();
        assertThat(Scraped.success(s, "maria", "custom:wide_result")).isZero();
        assertThat(Scraped.success(s, "maria", "custom:depth"))
            .as("the next collector, on a new connection")
            .isEqualTo(1);
        assertThat(s.value("depth_n")).isEqualTo(16);
        assertThat(Scraped.success(s, "maria", "global_status")).isEqualTo(1);
        assertThat(s.value("mysql_up")).isEqualTo(1);
        assertThat(noConnectionRuns("REPEAT(")).as("discarded connections are gone").isTrue();
        assertThat(ds.connectionsHeld()).isBetween(1, 3);
      }
      String at = "WARN [maria] collector custom:%s failed: " + f + ":%d (metric %1$s): ";
      assertThat(logs.lines())
          .filteredOn(l -> l.startsWith("WARN"))
          .containsExactly(
              String.format(at, "wide_value", 1)
                  + "row 1, column k: a value of 2000000 bytes, more than customMaxValueBytes ="
                  + " 262144; the rest was not read and the connection was discarded",
              String.format(at, "wide_result", 7)
                  + "the result has more than customMaxResultBytes = 1048576 bytes by row 6; the"
                  + " rest was not read and the connection was discarded");
    }
  }

  @Test
  void atTheDefaultBoundsTheHeapHoldsARowNotTheResult() throws Exception {
    Path f =
        Files.writeString(
            dir.resolve("default.toml"),
            metric("huge_rows", ROWS.formatted(100, 4 << 20))
                + metric("many_rows", ROWS.formatted(100, 900 << 10))
                + metric("depth", "SELECT 'all' AS k, SUM(depth) AS n FROM app.queue"));

    try (CapturedLogs logs = CapturedLogs.scrape();
        MonitoredDatasource ds = datasource(f, b -> b)) {
      for (int scrape = 1; scrape <= 2; scrape++) {
        long before = allocated();
        SampleBatch batch = ds.collect(Deadline.in(Duration.ofSeconds(30)));
        long allocated = allocated() - before;
        // Some 50 MB: 4 MB of the first result's first row, and 19 rows of 900 kB of the second,
        // each as bytes and as text. Read whole, the two results are 1 GB.
        assertThat(allocated).as("bytes allocated by the scrape").isLessThan(96L << 20);
        ExpositionText s = Scraped.of(batch);

        assertThat(Scraped.success(s, "maria", "custom:huge_rows"))
            .as("scrape %d", scrape)
            .isZero();
        assertThat(Scraped.success(s, "maria", "custom:many_rows")).isZero();
        assertThat(Scraped.success(s, "maria", "custom:depth")).isEqualTo(1);
        assertThat(s.value("depth_n")).isEqualTo(16);
        assertThat(s.value("mysql_up")).isEqualTo(1);
        assertThat(s.value("dbscope_datasource_up")).isEqualTo(1);
      }
      assertThat(logs.lines())
          .filteredOn(l -> l.startsWith("WARN"))
          .satisfiesExactly(
              l ->
                  assertThat(l)
                      .endsWith(
                          "(metric huge_rows): row 1, column k: a value of 4194305 bytes, more"
                              + " than customMaxValueBytes = 1048576; the rest was not read and"
                              + " the connection was discarded"),
              l ->
                  assertThat(l)
                      .endsWith(
                          "(metric many_rows): the result has more than customMaxResultBytes ="
                              + " 16777216 bytes by row 19; the rest was not read and the"
                              + " connection was discarded"));
    }
  }

  // ---- helpers -----------------------------------------------------------------------------

  static String metric(String context, String sql) {
    return "[[metric]]\ncontext = \""
        + context
        + "\"\nrequest = '''"
        + sql
        + "'''\nlabels = [\"k\"]\nmetricsdesc = { n = \"N.\" }\n\n";
  }

  static MonitoredDatasource datasource(
      Path file, UnaryOperator<DatasourceConfig.Builder> bounds) {
    DatasourceConfig cfg =
        bounds
            .apply(
                DatasourceConfig.builder("maria", "mysql")
                    .engineAlias("mariadb")
                    .host(db.host())
                    .port(db.port())
                    .user(db.user())
                    .customMetricsFiles(List.of(file)))
            .build();
    CustomFiles files = new CustomFiles(new CustomMetricsLoader(false));
    return new MonitoredDatasource(
        cfg, engine, engine.open(cfg, resources), files.resolve(cfg, engine));
  }

  /** Bytes this thread has allocated so far: the scrape reads on the calling thread. */
  static long allocated() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getCurrentThreadAllocatedBytes();
  }

  /** No connection but this one runs a statement containing {@code text} (waits for aborts). */
  static boolean noConnectionRuns(String text) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (true) {
      try (Connection c = connect();
          Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "SELECT COUNT(*) FROM information_schema.PROCESSLIST"
                      + " WHERE ID <> CONNECTION_ID() AND INSTR(INFO, '"
                      + text
                      + "') > 0")) {
        rs.next();
        if (rs.getLong(1) == 0) {
          return true;
        }
      }
      if (System.nanoTime() > end) {
        return false;
      }
      Thread.sleep(20);
    }
  }

  static Connection connect() throws SQLException {
    return DriverManager.getConnection(db.jdbcUrl("mysql"), db.user(), db.password());
  }
}
