package io.dbscope.engine.redis;

import io.dbscope.core.definition.Definition;
import io.dbscope.core.engine.ResultRows;
import io.dbscope.core.engine.RowMapper;
import io.dbscope.core.metrics.OrderMemo;
import io.dbscope.core.metrics.SampleBatch;
import io.prometheus.metrics.model.snapshots.Labels;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
 * A Redis scrape without the network: parsing a captured {@code INFO all} reply of Redis 7.0.15
 * (the engine's test fixture) from its bytes and mapping it with every built-in INFO definition,
 * exactly as {@link RedisSession} does. In the engine's package because the parser is
 * package-private.
 *
 * <pre>{@code
 * java -jar dbscope-bench/target/benchmarks.jar RedisInfoBenchmark
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RedisInfoBenchmark {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  private final RowMapper mapper = new RowMapper();

  /** The keys pooled as a datasource's are (one pool per process). */
  private final KeyPool keys = new KeyPool();

  /** The wide rows' columns remembered as a datasource's are (one table per process). */
  private final WideRow.Shapes shapes = new WideRow.Shapes();

  private final Labels labels = Labels.of("datasource", "redis-main");
  private byte[] reply;
  private final List<Definition> definitions = new ArrayList<>();
  private final List<RedisQuery.Info> queries = new ArrayList<>();

  /** A fleet's datasource's memo: off, the budget spent by others. */
  private final OrderMemo offMemo = new OrderMemo(new OrderMemo.Budget(0));

  @Setup
  public void setUp() {
    try (InputStream in = RedisInfoBenchmark.class.getResourceAsStream("/info-7.0.15.txt")) {
      if (in == null) {
        throw new IllegalStateException("info-7.0.15.txt is not on the class path");
      }
      reply = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Definition d : new RedisEngine().definitions()) {
      if (RedisQuery.parse(d.query()) instanceof RedisQuery.Info q) {
        definitions.add(d);
        queries.add(q);
      }
    }
  }

  @Benchmark
  public InfoText parse() {
    return InfoText.parse(reply, NOW, keys);
  }

  @Benchmark
  public int parseAndMap() {
    return parsedAndMapped().size();
  }

  /** And ordered without a memo: every family checked, the out-of-order ones sorted. */
  @Benchmark
  public int parseMapAndOrder() {
    return parsedAndMapped().order(null).size();
  }

  /**
   * And ordered with a memo that is off, as a fleet's datasource's is once the fleet's budget is
   * spent: the latency summary's points (quantiles from latencystats, sums and counts from
   * commandstats) come out of order in every scrape.
   */
  @Benchmark
  public int parseMapAndOrderWithAnOffMemo() {
    return parsedAndMapped().order(offMemo).size();
  }

  private SampleBatch parsedAndMapped() {
    InfoText info = InfoText.parse(reply, NOW, keys);
    SampleBatch out = new SampleBatch();
    for (int i = 0; i < definitions.size(); i++) {
      ResultRows rows = RedisSession.infoRows(queries.get(i), info, 16, shapes);
      mapper.map(definitions.get(i), rows, labels, out);
    }
    return out;
  }
}
