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
 * datasource label), written in pieces of 8 KB as the exposition writer drains its buffer. Four
 * ways: a new {@code GZIPOutputStream} at the fastest level per answer (dbscope before 594a464),
 * {@link GzipAnswers} with zlib (its stream kept and reset between answers), with libdeflate
 * (Debian's {@code libdeflate0}) and with ISA-L ({@code libisal2}); the benchmark fails when a
 * library cannot be loaded, rather than measure zlib twice. And a fleet's answer, 100 such
 * datasources (6 MB, streamed: past {@link GzipAnswers#WHOLE_LIMIT}), by zlib and by ISA-L. In the
 * server's package because the classes are package-private.
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
  private byte[] fleet;
  private GzipAnswers zlib;
  private GzipAnswers libdeflate;
  private GzipAnswers isal;

  @Setup
  public void setUp() {
    text = answer("r1");
    java.io.ByteArrayOutputStream f = new java.io.ByteArrayOutputStream();
    for (int d = 0; d < 100; d++) {
      f.writeBytes(answer("redis-" + d));
    }
    fleet = f.toByteArray();
    zlib = new GzipAnswers(Optional.empty());
    libdeflate = new GzipAnswers(Optional.of(loaded("Libdeflate")));
    isal = new GzipAnswers(Optional.of(loaded("Isal")));
  }

  private static FastGzip loaded(String binding) {
    return FastGzip.load(binding)
        .orElseThrow(() -> new IllegalStateException(binding + " cannot be loaded"));
  }

  /** About 62 KB shaped like a Redis datasource's answer; see the class comment. */
  static byte[] answer(String datasource) {
    Random random = new Random(42);
    StringBuilder s = new StringBuilder(70_000);
    for (int f = 0; f < 200; f++) {
      String name = "redis_bench_metric_" + f + (f % 3 == 0 ? "_total" : "");
      s.append("# HELP ").append(name).append(" Help text of the benchmark's family ").append(f);
      s.append(".\n# TYPE ").append(name).append(f % 3 == 0 ? " counter\n" : " gauge\n");
      int series = f < 20 ? 10 : f < 40 ? 5 : 2;
      for (int i = 0; i < series; i++) {
        s.append(name)
            .append("{cmd=\"command_")
            .append(i)
            .append("\",datasource=\"")
            .append(datasource)
            .append("\"} ");
        s.append(f % 2 == 0 ? random.nextInt(1_000_000) + ".0" : random.nextDouble() * 1000);
        s.append('\n');
      }
    }
    return s.toString().getBytes(StandardCharsets.UTF_8);
  }

  private long pack(OutputStream out) throws IOException {
    return pack(out, text);
  }

  private long pack(OutputStream out, byte[] text) throws IOException {
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

  @Benchmark
  public long isal() throws IOException {
    return pack(isal.open(sink));
  }

  @Benchmark
  public long fleetZlib() throws IOException {
    return pack(zlib.open(sink), fleet);
  }

  @Benchmark
  public long fleetIsal() throws IOException {
    return pack(isal.open(sink), fleet);
  }
}
