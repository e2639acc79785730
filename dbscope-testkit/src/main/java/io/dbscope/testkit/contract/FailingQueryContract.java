package io.dbscope.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.scrape.MonitoredDatasource;
import io.dbscope.testkit.CapturedLogs;
import io.dbscope.testkit.ExpositionText;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A custom query that fails fails alone, whatever its SQLSTATE: the collectors after it in the same
 * scrape (custom and built-in) still give their samples, the datasource stays up, and dbscope keeps
 * its pooled connection instead of opening a new one every scrape. A query that loses its
 * connection, though, makes the collectors after it run on a new one.
 *
 * <p>The server must have a login {@code monitor} (with the rights a monitoring user has in
 * production, so that permission errors are real) and the table of {@link #queueTable()}; a query
 * may add rows named {@code 'x'}.
 */
public abstract class FailingQueryContract extends SqlContract {

  /**
   * The engine's failing queries, each as (SQLSTATE, query): provoked by the query itself or raised
   * behind a view, among them every SQLSTATE or error code the pool would evict a connection for.
   */
  protected abstract Stream<Arguments> failingQueries();

  /** Queries (name to query, in file order) that lose their connection. */
  protected abstract Map<String, String> connectionLosingQueries();

  /** A new watch on dbscope's connections, made before the first scrape: the engine's own. */
  protected ConnectionWatch watchConnections() throws Exception {
    return db().watchConnections();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("failingQueries")
  void aFailingQueryFailsAloneAndTheConnectionIsKept(String state, String sql) throws Exception {
    Path f = write("q" + state + ".toml", metric("bad", sql) + depth() + names());
    ConnectionWatch watch = watchConnections();

    try (CapturedLogs logs = CapturedLogs.scrape();
        MonitoredDatasource ds = datasource(f)) {
      for (int scrape = 1; scrape <= 5; scrape++) {
        ExpositionText s = scrape(ds, Duration.ofSeconds(20));

        assertThat(success(s, "custom:bad")).as("scrape %d", scrape).isZero();
        assertThat(success(s, "custom:depth"))
            .as("the next collector, scrape %d", scrape)
            .isEqualTo(1);
        assertThat(s.value("depth_n")).isEqualTo(16);
        assertThat(success(s, "custom:names")).isEqualTo(1);
        assertThat(s.value("names_n")).isEqualTo(3);
        assertThat(success(s, builtInCollector())).isEqualTo(1);
        assertThat(s.value(upMetric())).isEqualTo(1);
        assertThat(s.value("dbscope_datasource_up")).isEqualTo(1);
        watch.afterScrape();
      }
      assertThat(logs.lines())
          .filteredOn(l -> l.startsWith("WARN"))
          .singleElement()
          .asString()
          .startsWith(
              "WARN [" + name() + "] collector custom:bad failed: " + f + ":1 (metric bad): ");
    }
    watch.assertKept();
  }

  /**
   * A query that loses its connection (the server ends the session, or an error says the connection
   * broke) cannot run on it any more; the collectors after it run on a new one.
   */
  @Test
  void collectorsAfterAQueryThatLosesTheConnectionRunOnANewOne() throws Exception {
    Map<String, String> losing = connectionLosingQueries();
    List<String> healthy = List.of(depth(), names());
    StringBuilder file = new StringBuilder();
    int i = 0;
    for (Map.Entry<String, String> q : losing.entrySet()) {
      file.append(metric(q.getKey(), q.getValue())).append(healthy.get(i++ % 2));
    }
    if (losing.size() == 1) {
      file.append(names());
    }
    Path f = write("lost.toml", file.toString());

    try (MonitoredDatasource ds = datasource(f)) {
      for (int scrape = 1; scrape <= 3; scrape++) {
        ExpositionText s = scrape(ds, Duration.ofSeconds(20));

        for (String lost : losing.keySet()) {
          assertThat(success(s, "custom:" + lost)).as("%s, scrape %d", lost, scrape).isZero();
        }
        assertThat(success(s, "custom:depth")).isEqualTo(1);
        assertThat(s.value("depth_n")).isEqualTo(16);
        assertThat(success(s, "custom:names")).isEqualTo(1);
        assertThat(s.value("dbscope_datasource_up")).isEqualTo(1);
      }
    }
  }

  /** The sum of the depths, 16, leaving out the rows a sneaky query may add. */
  private String depth() {
    return metric("depth", "SELECT sum(depth) AS n FROM " + queue() + " WHERE name <> 'x'");
  }

  /** How many names, 3, leaving out the rows a sneaky query may add. */
  private String names() {
    return metric(
        "names", "SELECT count(DISTINCT name) AS n FROM " + queue() + " WHERE name <> 'x'");
  }

  /** Connected as {@code monitor}, with a query timeout of one second. */
  private MonitoredDatasource datasource(Path file) {
    DatasourceConfig cfg =
        datasourceConfig()
            .user("monitor")
            .queryTimeout(Duration.ofSeconds(1))
            .customMetricsFiles(List.of(file))
            .build();
    return datasource(cfg);
  }

  /** The queue table as a query names it ({@code queue}, {@code app.queue}). */
  private String queue() {
    return db().table("queue");
  }
}
