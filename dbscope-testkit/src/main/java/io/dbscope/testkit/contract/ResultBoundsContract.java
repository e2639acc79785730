package io.dbscope.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.DatasourceBuilder;
import io.dbscope.core.metrics.SampleBatch;
import io.dbscope.core.scrape.Deadline;
import io.dbscope.core.scrape.MonitoredDatasource;
import io.dbscope.testkit.CapturedLogs;
import io.dbscope.testkit.ExpositionText;
import io.dbscope.testkit.Scraped;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Custom results are bounded in bytes, not only in rows: a value past {@code customMaxValueBytes}
 * or a result past {@code customMaxResultBytes} fails its collector with the bound in the message,
 * the rest of the result is not read, and the connection it was read on is discarded (never back in
 * the pool in the middle of a result). The other collectors of the scrape and the next scrapes are
 * fine, and at the default bounds a huge result never reaches the heap whole. The server must have
 * the table of {@link #queueTable()}.
 */
public abstract class ResultBoundsContract extends SqlContract {

  /** A query of {@code count} rows: {@code k} is the row number then {@code bytes} of 'y'. */
  protected abstract String rows(int count, int bytes);

  /**
   * No connection of dbscope runs a statement containing {@code text} any more (waits a few seconds
   * for aborted ones to go).
   */
  protected abstract boolean noDbscopeConnectionRuns(String text) throws Exception;

  /**
   * Two custom metrics (name to query, in file order) that the default bounds stop, what the scrape
   * may allocate at most while they are refused, and one check per WARN line they log.
   */
  public record HugeResults(
      Map<String, String> metrics, long maxAllocated, List<Consumer<String>> warnings) {}

  /** The engine's case for {@link #atTheDefaultBoundsAHugeResultNeverReachesTheHeapWhole}. */
  protected abstract HugeResults hugeResults();

  @Test
  void pastAByteBoundACollectorFailsAloneAndItsConnectionIsDiscarded() throws Exception {
    Path f =
        write(
            "lowered.toml",
            labelled("wide_value", "SELECT repeat('x', 2000000) AS k, 1 AS n")
                + labelled("wide_result", rows(50, 200000))
                + labelled("depth", "SELECT 'all' AS k, sum(depth) AS n FROM " + queue()));

    try (CapturedLogs logs = CapturedLogs.scrape();
        MonitoredDatasource ds =
            datasource(f, b -> b.customMaxValueBytes(256 * 1024).customMaxResultBytes(1 << 20))) {
      for (int scrape = 1; scrape <= 3; scrape++) {
        ExpositionText s = scrape(ds, Duration.ofSeconds(20));

        assertThat(success(s, "custom:wide_value")).as("scrape %d", scrape).isZero();
        assertThat(s.samples("wide_value_n")).isEmpty();
        assertThat(success(s, "custom:wide_result")).isZero();
        assertThat(s.samples("wide_result_n")).isEmpty();
        assertThat(success(s, "custom:depth"))
            .as("the next collector, on a new connection")
            .isEqualTo(1);
        assertThat(s.value("depth_n")).isEqualTo(16);
        assertThat(success(s, builtInCollector())).isEqualTo(1);
        assertThat(s.value(upMetric())).isEqualTo(1);
        assertThat(noDbscopeConnectionRuns("repeat("))
            .as("discarded connections are gone")
            .isTrue();
        assertThat(ds.connectionsHeld()).isBetween(1, 3);
      }
      String at = "WARN [" + name() + "] collector custom:%s failed: " + f + ":%d (metric %1$s): ";
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
  void atTheDefaultBoundsAHugeResultNeverReachesTheHeapWhole() throws Exception {
    HugeResults huge = hugeResults();
    StringBuilder file = new StringBuilder();
    huge.metrics().forEach((name, sql) -> file.append(labelled(name, sql)));
    file.append(labelled("depth", "SELECT 'all' AS k, sum(depth) AS n FROM " + queue()));
    Path f = write("default.toml", file.toString());

    try (CapturedLogs logs = CapturedLogs.scrape();
        MonitoredDatasource ds = datasource(f, b -> b.queryTimeout(Duration.ofSeconds(60)))) {
      for (int scrape = 1; scrape <= 2; scrape++) {
        long before = allocated();
        // A long deadline: the point is memory, and on a loaded machine the server may take a
        // while to produce hundreds of megabytes (the socket backstop follows the deadline).
        SampleBatch batch = ds.collect(Deadline.in(Duration.ofSeconds(120)));
        long allocated = allocated() - before;
        assertThat(allocated).as("bytes allocated by the scrape").isLessThan(huge.maxAllocated());
        ExpositionText s = Scraped.of(batch);

        for (String name : huge.metrics().keySet()) {
          assertThat(success(s, "custom:" + name)).as("%s, scrape %d", name, scrape).isZero();
        }
        assertThat(success(s, "custom:depth")).isEqualTo(1);
        assertThat(s.value("depth_n")).isEqualTo(16);
        assertThat(s.value(upMetric())).isEqualTo(1);
        assertThat(s.value("dbscope_datasource_up")).isEqualTo(1);
      }
      List<String> warnings = logs.lines().stream().filter(l -> l.startsWith("WARN")).toList();
      assertThat(warnings).hasSameSizeAs(huge.warnings());
      for (int i = 0; i < warnings.size(); i++) {
        huge.warnings().get(i).accept(warnings.get(i));
      }
    }
  }

  /** A metric whose column {@code k} is a label, so that its value is read as text. */
  private static String labelled(String context, String sql) {
    return metric(context, sql, "labels = [\"k\"]\n");
  }

  private MonitoredDatasource datasource(Path file, UnaryOperator<DatasourceBuilder> bounds) {
    return datasource(bounds.apply(datasourceConfig().customMetricsFiles(List.of(file))).build());
  }

  /** Bytes this thread has allocated so far: the scrape reads on the calling thread. */
  private static long allocated() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getCurrentThreadAllocatedBytes();
  }

  /** The queue table as a query names it ({@code queue}, {@code app.queue}). */
  private String queue() {
    return db().table("queue");
  }
}
