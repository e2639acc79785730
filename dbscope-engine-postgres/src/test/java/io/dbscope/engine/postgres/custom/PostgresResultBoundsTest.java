package io.dbscope.engine.postgres.custom;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.custom.CustomFiles;
import io.dbscope.core.custom.CustomMetricsLoader;
import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.metrics.SampleBatch;
import io.dbscope.core.scrape.Deadline;
import io.dbscope.core.scrape.MonitoredDatasource;
import io.dbscope.engine.postgres.PostgresEngine;
import io.dbscope.testkit.CapturedLogs;
import io.dbscope.testkit.ExpositionText;
import io.dbscope.testkit.PostgresFixture;
import io.dbscope.testkit.Scraped;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
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
 * message, the rest of the result is not read, and the connection it was read on is discarded
 * (never back in the pool in the middle of a result). The other collectors of the scrape and the
 * next scrapes are fine, and a huge value never reaches the heap whole: pgjdbc refuses a row
 * larger than its {@code maxResultBuffer} before it allocates it.
 */
class PostgresResultBoundsTest {
  @TempDir static Path dir;

  private static PostgresFixture pg;
  private static EngineResources resources;
  private static PostgresEngine engine;

  @BeforeAll
  static void start() throws SQLException {
    pg = PostgresFixture.builder().start();
    resources = EngineResources.create();
    engine = new PostgresEngine();
    try (Connection c = pg.connect();
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE queue (name text, depth int)");
      st.execute("INSERT INTO queue VALUES ('mail', 4), ('sms', 0), ('push', 12)");
    }
  }

  @AfterAll
  static void stop() {
    if (resources != null) {
      resources.close();
    }
    if (pg != null) {
      pg.close();
    }
  }

  @Test
  void pastAByteBoundACollectorFailsAloneAndItsConnectionIsDiscarded() throws Exception {
    Path f =
        Files.writeString(
            dir.resolve("lowered.toml"),
            metric("wide_value", "SELECT repeat('x', 2000000) AS k, 1 AS n")
                + metric(
                    "wide_result",
                    "SELECT g::text || repeat('y', 200000) AS k, g AS n"
                        + " FROM generate_series(1, 50) g")
                + metric("depth", "SELECT 'all' AS k, sum(depth) AS n FROM queue"));

    try (CapturedLogs logs = CapturedLogs.scrape();
        MonitoredDatasource ds =
            datasource(f, b -> b.customMaxValueBytes(256 * 1024).customMaxResultBytes(1 << 20))) {
      for (int scrape = 1; scrape <= 3; scrape++) {
        ExpositionText s = Scraped.of(ds.collect(Deadline.in(Duration.ofSeconds(20))));

        assertThat(Scraped.success(s, "pg", "custom:wide_value")).as("scrape %d", scrape).isZero();
        assertThat(s.samples("wide_value_n")).isEmpty();
        assertThat(Scraped.success(s, "pg", "custom:wide_result")).isZero();
        assertThat(s.samples("wide_result_n")).isEmpty();
        assertThat(Scraped.success(s, "pg", "custom:depth"))
            .as("the next collector, on a new connection")
            .isEqualTo(1);
        assertThat(s.value("depth_n")).isEqualTo(16);
        assertThat(Scraped.success(s, "pg", "pg_stat_database")).isEqualTo(1);
        assertThat(s.value("pg_up")).isEqualTo(1);
        assertThat(noDbscopeBackendRan("repeat(")).as("discarded connections are gone").isTrue();
        assertThat(ds.connectionsHeld()).isBetween(1, 3);
      }
      String at = "WARN [pg] collector custom:%s failed: " + f + ":%d (metric %1$s): ";
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
  void atTheDefaultBoundsAHugeValueNeverReachesTheHeapWhole() throws Exception {
    Path f =
        Files.writeString(
            dir.resolve("default.toml"),
            metric("huge", "SELECT repeat('x', 200 * 1024 * 1024) AS k, 1 AS n")
                + metric("big", "SELECT repeat('x', 5 * 1024 * 1024) AS k, 1 AS n")
                + metric("depth", "SELECT 'all' AS k, sum(depth) AS n FROM queue"));

    try (CapturedLogs logs = CapturedLogs.scrape();
        MonitoredDatasource ds = datasource(f, b -> b)) {
      for (int scrape = 1; scrape <= 2; scrape++) {
        long before = allocated();
        SampleBatch batch = ds.collect(Deadline.in(Duration.ofSeconds(30)));
        long allocated = allocated() - before;
        // Some 16 MB: the 5 MB value as bytes and as text. Read whole, the 200 MB one is 400 MB.
        assertThat(allocated).as("bytes allocated by the scrape").isLessThan(48L << 20);
        ExpositionText s = Scraped.of(batch);

        assertThat(Scraped.success(s, "pg", "custom:huge")).as("scrape %d", scrape).isZero();
        assertThat(Scraped.success(s, "pg", "custom:big")).isZero();
        assertThat(Scraped.success(s, "pg", "custom:depth")).isEqualTo(1);
        assertThat(s.value("depth_n")).isEqualTo(16);
        assertThat(s.value("pg_up")).isEqualTo(1);
      }
      assertThat(logs.lines())
          .filteredOn(l -> l.startsWith("WARN"))
          .satisfiesExactly(
              l ->
                  assertThat(l)
                      .contains("(metric huge): the result is larger than pgjdbc may read at once")
                      .contains("customMaxResultBytes, at least 67108864 bytes")
                      .endsWith("the rest was not read and the connection was discarded"),
              l ->
                  assertThat(l)
                      .endsWith(
                          "(metric big): row 1, column k: a value of 5242880 bytes, more than"
                              + " customMaxValueBytes = 1048576; the rest was not read and the"
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
                DatasourceConfig.builder("pg", "postgres")
                    .host(pg.host())
                    .port(pg.port())
                    .user(pg.user())
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

  /** No dbscope backend's last statement contains {@code text} (waits for aborted ones to exit). */
  static boolean noDbscopeBackendRan(String text) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (true) {
      try (Connection c = pg.connect();
          Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'dbscope'"
                      + " AND strpos(query, '"
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
}
