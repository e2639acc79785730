package io.dbscope.bench;

import io.dbscope.core.metrics.SampleBatch;
import io.dbscope.engine.sql.analytics.AnalyticsSettings;
import io.dbscope.engine.sql.analytics.StatementAnalytics;
import io.dbscope.engine.sql.analytics.StatementField;
import io.dbscope.engine.sql.analytics.StatementKey;
import io.dbscope.engine.sql.analytics.StatementSchema;
import io.dbscope.engine.sql.analytics.StatementSnapshot;
import io.dbscope.engine.sql.analytics.StatsEpoch;
import io.dbscope.sql.SqlDialect;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Query analytics for 10,000 fingerprints: one read applied to {@link StatementAnalytics} (deltas
 * against the previous read, top-N selection) and the export of the selected series. Every read
 * advances each fingerprint's counters, so every fingerprint has a positive delta: the worst case.
 * The next read is built before each invocation (snapshot arrays belong to the tracker once
 * applied), outside the measured time.
 *
 * <pre>{@code
 * java -jar dbscope-bench/target/benchmarks.jar StatementDeltaBenchmark
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StatementDeltaBenchmark {
  static final int FINGERPRINTS = 10_000;

  static final StatementSchema SCHEMA =
      new StatementSchema(
          "bench_query",
          "bench_statements_total",
          "queryid",
          "datname",
          "user",
          SqlDialect.POSTGRES,
          List.of(
              StatementField.counter("calls", "bench_query_calls_total", "Calls"),
              StatementField.counter(
                  "total_time_seconds", "bench_query_time_seconds_total", "Time"),
              StatementField.counter("rows", "bench_query_rows_total", "Rows"),
              StatementField.counter(
                  "shared_blks_hit", "bench_query_shared_blocks_hit_total", "Hits"),
              StatementField.counter(
                  "shared_blks_read", "bench_query_shared_blocks_read_total", "Reads"),
              StatementField.counter(
                  "temp_blks_written", "bench_query_temp_blocks_written_total", "Temp"),
              StatementField.gauge("min_time_seconds", "bench_query_min_time_seconds", "Min"),
              StatementField.gauge("max_time_seconds", "bench_query_max_time_seconds", "Max")),
          List.of());

  private final StatsEpoch epoch = StatsEpoch.unknown();
  private final Labels labels = Labels.of("datasource", "pg-main");
  private StatementKey[] keys;
  private StatementAnalytics analytics;
  private List<StatementSnapshot> next;
  private long round;

  @Setup(Level.Trial)
  public void setUp() {
    keys = new StatementKey[FINGERPRINTS];
    for (int i = 0; i < FINGERPRINTS; i++) {
      keys[i] = new StatementKey(Long.toString(i * 2_654_435_761L), "db" + i % 20, "app");
    }
    analytics =
        new StatementAnalytics(SCHEMA, AnalyticsSettings.defaults().maxTracked(20_000).build());
    analytics.update(0, epoch, read(true));
  }

  @Setup(Level.Invocation)
  public void nextRead() {
    next = read(false);
  }

  private List<StatementSnapshot> read(boolean withText) {
    round++;
    List<StatementSnapshot> out = new ArrayList<>(FINGERPRINTS);
    for (int i = 0; i < FINGERPRINTS; i++) {
      double calls = round * (1 + i % 50);
      out.add(
          StatementSnapshot.of(
              keys[i],
              withText ? "SELECT * FROM t" + i + " WHERE id = $1" : null,
              calls,
              calls * 0.002,
              calls * 3,
              calls * 40,
              calls,
              i % 100 == 0 ? calls : 0,
              0.001,
              0.05));
    }
    return out;
  }

  @Benchmark
  public StatementAnalytics update() {
    analytics.update(round * 30_000, epoch, next);
    return analytics;
  }

  @Benchmark
  public int updateAndExport() {
    analytics.update(round * 30_000, epoch, next);
    SampleBatch out = new SampleBatch();
    analytics.export(labels, out);
    return out.size();
  }
}
