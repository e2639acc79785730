package io.dbscope.server.http;

import io.dbscope.bench.CountingStream;
import io.dbscope.core.metrics.Exposition;
import io.dbscope.core.metrics.ExpositionWriter;
import io.dbscope.core.metrics.MetricType;
import io.dbscope.core.metrics.SampleBatch;
import io.prometheus.metrics.model.snapshots.Labels;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;
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
 * Writing a fleet's answer gzipped, as Prometheus asks for it: 1,000 datasources of 600 samples
 * each (200 families of 2 to 10 series; the row label sets shared by the datasources, as the
 * engines' label cache shares them, and each datasource's own set beside them), merged into one
 * {@link Exposition} and written through {@link GzipAnswers} with ISA-L. In one piece on one
 * thread, and in two parts at once (the answer's stream offers a second part, {@code SplitOutput}).
 * The time is the time to the last byte; on two idle cores the split halves the writing at best. In
 * the server's package because {@link GzipAnswers} is package-private.
 *
 * <pre>{@code
 * java -jar dbscope-bench/target/benchmarks.jar FleetAnswerBenchmark
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class FleetAnswerBenchmark {
  private Exposition fleet;
  private final ExpositionWriter writer = new ExpositionWriter();
  private final CountingStream sink = new CountingStream();
  private GzipAnswers isal;

  @Setup
  public void setUp() {
    Exposition.Builder b = Exposition.builder();
    for (String name : NAMES) {
      b.add(datasource(name));
    }
    fleet = b.build();
    isal =
        new GzipAnswers(
            Optional.of(
                FastGzip.load("Isal")
                    .orElseThrow(() -> new IllegalStateException("ISA-L cannot be loaded"))));
  }

  /** A row's label sets, shared by the datasources as the engines' label cache shares them. */
  private static final Labels[] ROWS = new Labels[10];

  static {
    for (int i = 0; i < ROWS.length; i++) {
      ROWS[i] = Labels.of("cmd", "command_" + i);
    }
  }

  /**
   * The families' names and help texts, the same strings for every datasource, as an engine's
   * definitions give them: a name made anew for each datasource would be held by each one's batch.
   */
  private static final String[] FAMILIES = new String[200];

  private static final String[] HELPS = new String[FAMILIES.length];

  static {
    for (int f = 0; f < FAMILIES.length; f++) {
      FAMILIES[f] = "redis_bench_metric_" + f + (f % 3 == 0 ? "_total" : "");
      HELPS[f] = "Help text of the benchmark's family " + f + ".";
    }
  }

  private static SampleBatch datasource(String name) {
    SampleBatch s = new SampleBatch();
    Labels ds = Labels.of("datasource", name);
    for (int f = 0; f < FAMILIES.length; f++) {
      int series = f < 20 ? 10 : f < 40 ? 5 : 2;
      for (int i = 0; i < series; i++) {
        s.add(
            FAMILIES[f],
            "",
            f % 3 == 0 ? MetricType.COUNTER : MetricType.GAUGE,
            HELPS[f],
            ROWS[i],
            ds,
            f % 2 == 0 ? f * 1000 + i : (f + i) / 7.0);
      }
    }
    return s.order();
  }

  @Benchmark
  public long onePiece() throws IOException {
    // Not a SplitOutput: written in one piece.
    OutputStream answer = isal.open(sink);
    OutputStream out =
        new FilterOutputStream(answer) {
          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            answer.write(b, off, len);
          }
        };
    writer.write(out, fleet, null);
    out.close();
    return sink.reset();
  }

  /**
   * A fleet's scrape without its databases: every datasource's batch made and ordered (on its own
   * thread in a scrape, here one after the other), held until all are in, merged and written in two
   * parts; what the batches hold while they wait is what a fleet's young collections copy.
   */
  @Benchmark
  public long madeMergedAndWritten() throws IOException {
    Exposition.Builder b = Exposition.builder();
    for (int d = 0; d < NAMES.length; d++) {
      b.add(datasource(NAMES[d]));
    }
    OutputStream out = isal.open(sink);
    writer.write(out, b.build(), null);
    out.close();
    return sink.reset();
  }

  private static final String[] NAMES = new String[1000];

  static {
    for (int d = 0; d < NAMES.length; d++) {
      NAMES[d] = "redis-" + d;
    }
  }

  @Benchmark
  public long twoPartsAtOnce() throws IOException {
    OutputStream out = isal.open(sink);
    writer.write(out, fleet, null);
    out.close();
    return sink.reset();
  }
}
