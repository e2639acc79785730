package io.dbscope.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.scrape.MonitoredDatasource;
import io.dbscope.testkit.ExpositionText;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Session state that a guarded query leaves behind although its transaction is rolled back: a view
 * (which the SQL guard cannot look into) calls a function that takes locks and changes the session.
 * After every guarded query dbscope returns the pooled connection to a clean session: another
 * session sees no lock, dbscope's next guarded query sees none of the changes, the built-ins keep
 * working, and dbscope keeps its connections (a reset is not a reconnect).
 */
public abstract class CleanSessionContract extends SqlContract {

  /**
   * A view, seen through one custom metric {@code name}, that tells what is left in dbscope's
   * session: {@code expected} is its value on a clean one.
   */
  public record Probe(String name, String sql, long expected, String what) {}

  /** The query of the view that leaves state in its session; it returns 1. */
  protected abstract String leakQuery();

  /** What the next guarded queries must not see of the leak; asked before the first scrape. */
  protected abstract List<Probe> probes() throws Exception;

  /** More {@code [[metric]]}s for {@link #afterScrape}; none by default. */
  protected String moreMetrics() {
    return "";
  }

  /** How many scrapes to run; an engine whose driver changes after some runs needs more. */
  protected int scrapes() {
    return 4;
  }

  /**
   * Asks another session that nothing of the leak is held on the server any more (locks, extra
   * connections); {@code s} is the scrape, for engine-specific checks.
   */
  protected abstract void afterScrape(ExpositionText s, int scrape) throws Exception;

  /** A new watch on dbscope's connections, made before the first scrape: the engine's own. */
  protected ConnectionWatch watchConnections() throws Exception {
    return db().watchConnections();
  }

  @Test
  void nothingAGuardedQueryLeavesInItsSessionSurvivesIt() throws Exception {
    List<Probe> probes = probes();
    StringBuilder file = new StringBuilder(metric("leak", leakQuery()));
    for (Probe p : probes) {
      file.append(metric(p.name(), p.sql()));
    }
    file.append(moreMetrics());
    Path f = write("leak.toml", file.toString());
    ConnectionWatch watch = watchConnections();

    try (MonitoredDatasource ds =
        datasource(datasourceConfig().customMetricsFiles(List.of(f)).build())) {
      for (int scrape = 1; scrape <= scrapes(); scrape++) {
        ExpositionText s = scrape(ds, Duration.ofSeconds(20));

        assertThat(success(s, "custom:leak")).as("scrape %d", scrape).isEqualTo(1);
        assertThat(s.value("leak_n")).as("the view left its state").isEqualTo(1);
        for (Probe p : probes) {
          assertThat(success(s, "custom:" + p.name()))
              .as("%s, scrape %d", p.name(), scrape)
              .isEqualTo(1);
          assertThat(s.value(p.name() + "_n")).as(p.what()).isEqualTo(p.expected());
        }
        assertThat(success(s, builtInCollector()))
            .as("built-ins after session resets, scrape %d", scrape)
            .isEqualTo(1);
        afterScrape(s, scrape);
        watch.afterScrape();
      }
    }
    watch.assertKept();
  }
}
