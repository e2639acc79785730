package io.dbscope.bench;

import io.dbscope.core.definition.Definition;
import io.dbscope.core.definition.DefinitionLoader;
import io.dbscope.core.engine.ResultRows;
import io.dbscope.core.engine.RowMapper;
import io.dbscope.core.metrics.SampleBatch;
import io.prometheus.metrics.model.snapshots.Labels;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
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
 * Mapping a 1,000-row result to samples with a {@code columns} definition: the shape of
 * pg_stat_user_tables on a schema with 1,000 tables (3 label columns, 12 value columns; JDBC hands
 * numbers as {@code Long} and {@code Double}), 12,000 samples per invocation.
 *
 * <pre>{@code
 * java -jar dbscope-bench/target/benchmarks.jar RowMapperBenchmark
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RowMapperBenchmark {
  static final int ROWS = 1_000;

  static final String YAML =
      """
      - id: bench_user_tables
        help: Per-table statistics, shaped like pg_stat_user_tables.
        query: SELECT 1
        prefix: pg_stat_user_tables
        columns:
          datname: label
          schemaname: label
          relname: label
          seq_scan: {usage: counter, help: Sequential scans}
          seq_tup_read: {usage: counter, help: Rows read by sequential scans}
          idx_scan: {usage: counter, help: Index scans}
          idx_tup_fetch: {usage: counter, help: Rows fetched by index scans}
          n_tup_ins: {usage: counter, help: Rows inserted}
          n_tup_upd: {usage: counter, help: Rows updated}
          n_tup_del: {usage: counter, help: Rows deleted}
          n_live_tup: {usage: gauge, help: Live rows}
          n_dead_tup: {usage: gauge, help: Dead rows}
          last_vacuum: {usage: gauge, help: Last vacuum}
          last_analyze: {usage: gauge, help: Last analyze}
          vacuum_count: {usage: counter, help: Vacuums}
      """;

  private final RowMapper mapper = new RowMapper();
  private final Labels constLabels = Labels.of("datasource", "pg-main");
  private Definition definition;
  private ResultRows rows;

  @Setup
  public void setUp() {
    definition =
        new DefinitionLoader()
            .load("bench.yaml", new ByteArrayInputStream(YAML.getBytes(StandardCharsets.UTF_8)))
            .getFirst();
    List<String> columns =
        List.of(
            "datname",
            "schemaname",
            "relname",
            "seq_scan",
            "seq_tup_read",
            "idx_scan",
            "idx_tup_fetch",
            "n_tup_ins",
            "n_tup_upd",
            "n_tup_del",
            "n_live_tup",
            "n_dead_tup",
            "last_vacuum",
            "last_analyze",
            "vacuum_count");
    List<Object[]> data = new ArrayList<>(ROWS);
    for (int i = 0; i < ROWS; i++) {
      long n = i * 37L;
      data.add(
          new Object[] {
            "shop",
            "public",
            "table_" + i,
            n,
            n * 10,
            n + 1,
            n * 3,
            n * 5,
            n * 2,
            n / 3,
            n * 100,
            n / 10,
            1.7e9 + i,
            1.7e9 + i * 2.0,
            (long) i
          });
    }
    rows = new ResultRows(columns, data);
  }

  @Benchmark
  public int map1000Rows() {
    SampleBatch out = new SampleBatch();
    return mapper.map(definition, rows, constLabels, out).samples();
  }
}
