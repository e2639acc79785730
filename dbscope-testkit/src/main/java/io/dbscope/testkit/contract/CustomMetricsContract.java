package io.dbscope.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.DatasourceBuilder;
import io.dbscope.core.custom.FileStatus;
import io.dbscope.core.scrape.MonitoredDatasource;
import io.dbscope.testkit.CapturedLogs;
import io.dbscope.testkit.ExpositionText;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Custom metrics against a real server, connected as its admin (who may do anything), so that every
 * protection shown here is dbscope's: hostile statements are refused before they reach the server,
 * a write hidden in a function is refused by the read-only transaction, and truncation, timeouts,
 * NULLs, wrong types, duplicate label sets and the series limit each fail or limit one collector
 * only. Everything is asserted on the Prometheus text of {@link MonitoredDatasource#collect}.
 *
 * <p>The server must have the table of {@link #queueTable()} and the canaries of {@link
 * #canaries()}: tables, sequences and functions that the hostile statements aim at.
 */
public abstract class CustomMetricsContract extends SqlContract {

  /**
   * Hostile statements, each with a part of the reason it is refused with; at least 30. {@code
   * victim} is a session that some of them try to end.
   */
  protected abstract Map<String, String> hostile(Connection victim) throws SQLException;

  /** A session of the admin's that a hostile statement could end. */
  protected Connection victim() throws SQLException {
    return connect();
  }

  /** Everything a hostile statement would change, read now: equal before and after. */
  protected abstract Record canaries() throws SQLException;

  /**
   * Shows that the canaries are not blind: run directly, statements of the kind refused leave
   * traces in {@link #canaries()} (and are undone afterwards).
   */
  protected abstract void canariesSeeWhatTheyGuard(Record before) throws Exception;

  /** Forgets the statements the server has seen, for {@link #statementsSeen}. */
  protected abstract void forgetStatements() throws SQLException;

  /**
   * How many statements containing {@code fragment} the server has seen since {@link
   * #forgetStatements()}, not counting the one that asks.
   */
  protected abstract long statementsSeen(String fragment) throws SQLException;

  /** Functions that write behind the guard's back, as a query calls them; allowed by name. */
  protected abstract List<String> writingFunctions();

  /** What the server says when a read-only transaction refuses a write. */
  protected abstract String readOnlyRefusal();

  /** What the server says about a query reading column {@code nope} that does not exist. */
  protected abstract String noSuchColumn();

  /** What the server says about a statement it cancelled at its timeout. */
  protected abstract String cancelled();

  /** More checks after the writes were refused; none by default. */
  protected void afterWritesRefused() throws Exception {}

  @Test
  void hostileStatementsAreRefusedAtLoadAndNeverReachTheServer() throws Exception {
    Record before = canaries();
    try (Connection victim = victim()) {
      Map<String, String> hostile = hostile(victim);
      assertThat(hostile).hasSizeGreaterThanOrEqualTo(30);
      List<Path> files = new ArrayList<>();
      int i = 0;
      for (String sql : hostile.keySet()) {
        files.add(write("evil-" + i + ".toml", metric("evil_" + i, sql)));
        i++;
      }
      String queue = "FROM " + db().table("queue");
      Path good = write("good.toml", metric("good", "SELECT SUM(depth) AS n " + queue));
      files.add(good);
      forgetStatements();

      try (MonitoredDatasource ds = datasource(config(Duration.ofSeconds(5), files).build())) {
        List<FileStatus> status = ds.custom().files();
        List<String> reasons = new ArrayList<>(hostile.values());
        for (int k = 0; k < reasons.size(); k++) {
          assertThat(status.get(k).metrics()).isEmpty();
          assertThat(status.get(k).refused())
              .singleElement()
              .hasFieldOrPropertyWithValue("name", "evil_" + k);
          assertThat(status.get(k).problems())
              .singleElement()
              .asString()
              .startsWith(files.get(k) + ":")
              .contains("metric evil_" + k + ": request: refused: ")
              .contains(reasons.get(k));
        }

        ExpositionText s = scrape(ds, Duration.ofSeconds(20));

        assertThat(success(s, "custom:good")).isEqualTo(1);
        assertThat(s.value("good_n", "datasource", name())).isEqualTo(16);
        assertThat(s.value("dbscope_custom_file_loaded", "file", good.toString())).isEqualTo(1);
        for (int k = 0; k < reasons.size(); k++) {
          assertThat(s.value("dbscope_custom_file_loaded", "file", files.get(k).toString()))
              .as("the file is read; only its metric is refused")
              .isEqualTo(1);
          assertThat(s.value("dbscope_custom_metric_refused", "metric", "evil_" + k)).isEqualTo(1);
          assertThat(s.find("dbscope_collector_success", "collector", "custom:evil_" + k))
              .isEmpty();
        }
        assertThat(statementsSeen("canary"))
            .as("statements on the canaries that reached the server")
            .isZero();
        assertThat(statementsSeen(queue)).as("the good query did reach the server").isPositive();
        assertThat(victim.isValid(2)).as("the victim session was not ended").isTrue();
        assertThat(canaries()).isEqualTo(before);
      }
    }
    canariesSeeWhatTheyGuard(before);
  }

  /**
   * Seed 003 asks that a bad query affect no other metric: in one file in the seed's format, a
   * refused metric beside an honest one leaves the honest one served.
   */
  @Test
  void aRefusedMetricLeavesTheHonestOneInItsFileServed() throws Exception {
    String queue = db().table("queue");
    Path f =
        write(
            "seed.toml",
            metric("wipe", "DELETE FROM " + queue + " WHERE name = 'mail'")
                + metric("honest", "SELECT SUM(depth) AS n FROM " + queue));

    try (MonitoredDatasource ds = datasource(config(Duration.ofSeconds(5), List.of(f)).build())) {
      FileStatus status = ds.custom().files().getFirst();
      assertThat(status.loaded()).isTrue();
      assertThat(status.refused())
          .singleElement()
          .asString()
          .startsWith(f + ":3: metric wipe: request: refused: ")
          .doesNotContain("'mail'");

      ExpositionText s = scrape(ds, Duration.ofSeconds(20));

      assertThat(success(s, "custom:honest")).isEqualTo(1);
      assertThat(s.value("honest_n", "datasource", name())).isEqualTo(16);
      assertThat(s.find("dbscope_collector_success", "collector", "custom:wipe")).isEmpty();
      assertThat(s.samples("wipe_n")).isEmpty();
      assertThat(s.value("dbscope_custom_file_loaded", "file", f.toString())).isEqualTo(1);
      assertThat(
              s.value(
                  "dbscope_custom_metric_refused",
                  Map.of("datasource", name(), "file", f.toString(), "metric", "wipe")))
          .isEqualTo(1);
      assertThat(s.samples("dbscope_custom_metric_refused")).hasSize(1);
    }
    assertThat(count("SELECT COUNT(*) FROM " + queue)).as("nothing was deleted").isEqualTo(3);
  }

  @Test
  void writesHiddenInFunctionsAreRefusedByTheReadOnlyTransaction() throws Exception {
    List<String> functions = writingFunctions();
    StringBuilder file = new StringBuilder();
    for (int k = 0; k < functions.size(); k++) {
      file.append(metric("writes_" + k, "SELECT " + functions.get(k) + "() AS n"));
    }
    file.append(metric("after", "SELECT COUNT(*) AS n FROM " + db().table("queue")));
    Path f = write("sneaky.toml", file.toString());
    Record before = canaries();
    forgetStatements();

    // Allowed by name: the guard cannot know what a function does, the operator says it reads.
    try (CapturedLogs logs = CapturedLogs.scrape();
        MonitoredDatasource ds =
            datasource(
                config(Duration.ofSeconds(5), List.of(f)).build(),
                globalOption("allowedFunctions", functions))) {
      assertThat(ds.custom().problems()).isEmpty();

      ExpositionText s = scrape(ds, Duration.ofSeconds(20));

      for (int k = 0; k < functions.size(); k++) {
        assertThat(success(s, "custom:writes_" + k)).as(functions.get(k)).isZero();
        assertThat(s.samples("writes_" + k + "_n")).isEmpty();
      }
      assertThat(success(s, "custom:after")).as("same connection, next query").isEqualTo(1);
      List<String> warnings = logs.lines().stream().filter(l -> l.startsWith("WARN")).toList();
      assertThat(warnings).hasSameSizeAs(functions);
      for (int k = 0; k < functions.size(); k++) {
        assertThat(warnings.get(k))
            .startsWith(
                "WARN [%s] collector custom:writes_%d failed: %s:%d (metric writes_%2$d): "
                    .formatted(name(), k, f, 1 + 5 * k))
            .contains(readOnlyRefusal());
      }
    }
    assertThat(canaries()).isEqualTo(before);
    afterWritesRefused();
  }

  @Test
  void moreRowsThanMaxRowsAreCutCountedAndLoggedOnce() throws Exception {
    Path f = write("many.toml", metric("many", db().series(250), "labels = [\"id\"]\n"));

    try (CapturedLogs logs = CapturedLogs.scrape();
        MonitoredDatasource ds = datasource(config(Duration.ofSeconds(5), List.of(f)).build())) {
      scrape(ds, Duration.ofSeconds(20));
      ExpositionText s = scrape(ds, Duration.ofSeconds(20));

      assertThat(success(s, "custom:many")).isEqualTo(1);
      assertThat(s.samples("many_n")).hasSize(100);
      assertThat(s.find("many_n", "id", "100")).isPresent();
      assertThat(s.find("many_n", "id", "101")).isEmpty();
      assertThat(s.value("dbscope_custom_rows_truncated_total", "collector", "custom:many"))
          .isEqualTo(2);
      assertThat(s.types()).containsEntry("dbscope_custom_rows_truncated_total", "counter");
      assertThat(logs.lines())
          .filteredOn(l -> l.startsWith("WARN"))
          .containsExactly(
              "WARN ["
                  + name()
                  + "] collector custom:many returns more than maxRows = 100 rows; the rest is"
                  + " cut: "
                  + f
                  + ":1");
    }
  }

  @Test
  void labelSetsBeyondMaxSeriesAreDroppedAndCounted() throws Exception {
    Path f =
        write("wide.toml", metric("wide", db().series(50), "labels = [\"id\"]\nmaxSeries = 10\n"));

    try (MonitoredDatasource ds = datasource(config(Duration.ofSeconds(5), List.of(f)).build())) {
      ExpositionText s = scrape(ds, Duration.ofSeconds(20));

      assertThat(success(s, "custom:wide")).isEqualTo(1);
      assertThat(s.samples("wide_n")).hasSize(10);
      assertThat(s.value("dbscope_custom_series_dropped_total", "collector", "custom:wide"))
          .isEqualTo(40);
    }
  }

  @Test
  void aQueryPastItsTimeoutIsCancelledOnTheServerAndFailsAlone() throws Exception {
    Path f = write("slow.toml", metric("slow", db().sleep(8)) + metric("quick", "SELECT 2 AS n"));

    try (CapturedLogs logs = CapturedLogs.scrape();
        MonitoredDatasource ds = datasource(config(Duration.ofSeconds(1), List.of(f)).build())) {
      long t0 = System.nanoTime();
      ExpositionText s = scrape(ds, Duration.ofSeconds(20));
      Duration took = Duration.ofNanos(System.nanoTime() - t0);

      assertThat(took).isLessThan(Duration.ofSeconds(4));
      assertThat(success(s, "custom:slow")).isZero();
      assertThat(s.value("dbscope_collector_timeouts_total", "collector", "custom:slow"))
          .isEqualTo(1);
      assertThat(success(s, "custom:quick")).isEqualTo(1);
      assertThat(s.value("quick_n")).isEqualTo(2);
      assertThat(logs.lines())
          .filteredOn(l -> l.contains("custom:slow"))
          .singleElement()
          .asString()
          .startsWith(
              "WARN [" + name() + "] collector custom:slow failed: " + f + ":1 (metric slow): ")
          .contains(cancelled());
      assertThat(db().running("sleep(8)")).as("still running on the server").isZero();
    }
  }

  @Test
  void badValuesFailTheirOwnCollectorOnlyAndAreLoggedOncePerChange() throws Exception {
    String queue = db().table("queue");
    String k = "labels = [\"k\"]\n";
    Path f =
        write(
            "values.toml",
            metric("nulls", "SELECT 'a' AS k, NULLIF(1, 1) AS n", k)
                + metric("text", "SELECT 'a' AS k, 'lots' AS n", k)
                + metric("dup", "SELECT 'a' AS k, 1 AS n UNION ALL SELECT 'a', 2", k)
                + metric("nocol", "SELECT nope AS n FROM " + queue)
                + metric("empty", "SELECT depth AS n FROM " + queue + " WHERE 1 = 0")
                + metric(
                    "emptyok",
                    "SELECT depth AS n FROM " + queue + " WHERE 1 = 0",
                    "ignorezeroresult = true\n")
                + metric(
                    "fine",
                    "SELECT name AS k, depth AS n FROM " + queue,
                    k + "metricstype = { n = \"counter\" }\n"));

    try (CapturedLogs logs = CapturedLogs.scrape();
        MonitoredDatasource ds =
            datasource(
                config(Duration.ofSeconds(5), List.of(f)).registerDatabaseMetrics(true).build())) {
      ExpositionText s = scrape(ds, Duration.ofSeconds(20));
      scrape(ds, Duration.ofSeconds(20));

      assertThat(s.value(upMetric(), "datasource", name())).isEqualTo(1);
      assertThat(success(s, builtInCollector()))
          .as("a built-in next to failing custom ones")
          .isEqualTo(1);
      for (String bad : List.of("nulls", "text", "dup", "nocol", "empty")) {
        assertThat(success(s, "custom:" + bad)).as(bad).isZero();
        assertThat(s.samples(bad + "_n")).as(bad).isEmpty();
      }
      assertThat(success(s, "custom:emptyok")).isEqualTo(1);
      assertThat(success(s, "custom:fine")).isEqualTo(1);
      assertThat(s.value("fine_n", "datasource", name(), "k", "push")).isEqualTo(12);
      assertThat(s.types()).containsEntry("fine_n", "counter");
      String at = "WARN [" + name() + "] collector custom:%s failed: " + f + ":%d (metric %1$s): ";
      assertThat(logs.lines())
          .filteredOn(l -> l.startsWith("WARN"))
          .satisfiesExactly(
              l ->
                  assertThat(l)
                      .isEqualTo(
                          String.format(at, "nulls", 1)
                              + "row 1, column n: NULL (use COALESCE in the query if a default"
                              + " is meant)"),
              l ->
                  assertThat(l)
                      .isEqualTo(
                          String.format(at, "text", 7) + "row 1, column n: 'lots' is not a number"),
              l ->
                  assertThat(l)
                      .isEqualTo(
                          String.format(at, "dup", 13)
                              + "two rows give metric dup_n the same labels {datasource=\""
                              + name()
                              + "\",k=\"a\"} (the label columns must identify a row)"),
              l ->
                  assertThat(l).startsWith(String.format(at, "nocol", 19)).endsWith(noSuchColumn()),
              l ->
                  assertThat(l)
                      .isEqualTo(
                          String.format(at, "empty", 24)
                              + "the query returned no rows (set ignorezeroresult = true when"
                              + " that is normal)"));
    }
  }

  /** Connected as the admin, built-ins off, with {@code files}. */
  private DatasourceBuilder config(Duration queryTimeout, List<Path> files) {
    return datasourceConfig()
        .queryTimeout(queryTimeout)
        .registerDatabaseMetrics(false)
        .customMetricsFiles(files);
  }
}
