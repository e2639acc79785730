package io.dbscope.server.http;

import io.dbscope.bench.CountingStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
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
 * Packing one datasource's answer as Prometheus asks for it (gzip): 62 KB of exposition text shaped
 * like a Redis datasource's (200 families with their HELP and TYPE lines, 550 samples with a
 * datasource label), written in pieces of 8 KB as the exposition writer drains its buffer. Three
 * ways: a new {@code GZIPOutputStream} at the fastest level per answer (dbscope before 594a464),
 * {@link GzipAnswers} with zlib (its stream kept and reset between answers), and {@link
 * GzipAnswers} with libdeflate (Debian's {@code libdeflate0}; the benchmark fails when it cannot be
 * loaded, rather than measure zlib twice). In the server's package because the classes are
 * package-private.
 *
 * <pre>{@code
 * java -jar dbscope-bench/target/benchmarks.jar GzipAnswerBenchmark
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class GzipAnswerBenchmark {
  private static final int PIECE = 8192;

  private byte[] text;
  private final CountingStream sink = new CountingStream();
  private GzipAnswers zlib;
  private GzipAnswers libdeflate;

  @Setup
  public void setUp() {
    text = answer();
    zlib = new GzipAnswers(Optional.empty());
    libdeflate =
        new GzipAnswers(
            Optional.of(
                WholeGzip.load()
                    .orElseThrow(() -> new IllegalStateException("libdeflate cannot be loaded"))));
  }

  /** About 62 KB shaped like a Redis datasource's answer; see the class comment. */
  static byte[] answer() {
    Random random = new Random(42);
    StringBuilder s = new StringBuilder(70_000);
    for (int f = 0; f < 200; f++) {
      String name = "redis_bench_metric_" + f + (f % 3 == 0 ? "_total" : "");
      s.append("# HELP ").append(name).append(" Help text of the benchmark's family ").append(f);
      s.append(".\n# TYPE ").append(name).append(f % 3 == 0 ? " counter\n" : " gauge\n");
      int series = f < 20 ? 10 : f < 40 ? 5 : 2;
      for (int i = 0; i < series; i++) {
        s.append(name).append("{cmd=\"command_").append(i).append("\",datasource=\"r1\"} ");
        s.append(f % 2 == 0 ? random.nextInt(1_000_000) + ".0" : random.nextDouble() * 1000);
        s.append('\n');
      }
    }
    return s.toString().getBytes(StandardCharsets.UTF_8);
  }

  private long pack(OutputStream out) throws IOException {
    for (int i = 0; i < text.length; i += PIECE) {
      out.write(text, i, Math.min(PIECE, text.length - i));
    }
    out.close();
    return sink.reset();
  }

  @Benchmark
  public long newZlibStreamPerAnswer() throws IOException {
    return pack(
        new GZIPOutputStream(sink, 8192) {
          {
            def.setLevel(Deflater.BEST_SPEED);
          }
        });
  }

  @Benchmark
  public long zlibStreamKept() throws IOException {
    return pack(zlib.open(sink));
  }

  @Benchmark
  public long libdeflate() throws IOException {
    return pack(libdeflate.open(sink));
  }
}
