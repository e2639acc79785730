package io.dbscope.bench;

import io.dbscope.core.metrics.Exposition;
import io.dbscope.core.metrics.ExpositionWriter;
import io.dbscope.core.metrics.MetricType;
import io.dbscope.core.metrics.SampleBatch;
import io.prometheus.metrics.model.snapshots.Labels;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a scrape of 10,000 samples costs after collection: merging the batches into an {@link
 * Exposition} and writing it as text (Prometheus 0.0.4 and OpenMetrics). The samples are shaped
 * like a PostgreSQL datasource's per-table families: 100 families of 100 series each, with gauges,
 * {@code _total} counters, counters written verbatim (names without {@code _total}, as the
 * community exporters have them) and untyped families.
 *
 * <pre>{@code
 * java -jar dbscope-bench/target/benchmarks.jar ExpositionBenchmark
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ExpositionBenchmark {
  static final int FAMILIES = 100;
  static final int SERIES = 100;

  private SampleBatch batch;
  private Exposition exposition;
  private final ExpositionWriter writer = new ExpositionWriter();
  private final CountingStream sink = new CountingStream();

  @Setup
  public void setUp() {
    batch = samples();
    exposition = Exposition.builder().add(batch).build();
  }

  /** 10,000 samples in 100 families; see the class comment. */
  static SampleBatch samples() {
    SampleBatch b = new SampleBatch();
    for (int f = 0; f < FAMILIES; f++) {
      MetricType type;
      String name;
      if (f < 40) {
        type = MetricType.GAUGE;
        name = "pg_bench_gauge_" + f;
      } else if (f < 70) {
        type = MetricType.COUNTER;
        name = "pg_bench_counter_" + f + "_total";
      } else if (f < 90) {
        type = MetricType.COUNTER;
        name = "pg_bench_verbatim_counter_" + f;
      } else {
        type = MetricType.UNTYPED;
        name = "pg_bench_untyped_" + f;
      }
      for (int s = 0; s < SERIES; s++) {
        Labels labels =
            Labels.of("datasource", "pg-main", "datname", "db" + (s % 10), "relname", "table_" + s);
        b.add(name, type, "Help text of family " + f + ".", labels, s * 1.5 + f);
      }
    }
    return b.seal();
  }

  @Benchmark
  public long buildAndWriteText() throws IOException {
    Exposition e = Exposition.builder().add(batch).build();
    writer.write(sink, e, "text/plain;version=0.0.4");
    return sink.reset();
  }

  @Benchmark
  public long writeText() throws IOException {
    writer.write(sink, exposition, "text/plain;version=0.0.4");
    return sink.reset();
  }

  @Benchmark
  public long writeOpenMetrics() throws IOException {
    writer.write(sink, exposition, "application/openmetrics-text;version=1.0.0");
    return sink.reset();
  }
}
