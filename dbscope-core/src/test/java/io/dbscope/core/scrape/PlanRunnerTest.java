package io.dbscope.core.scrape;

import static io.dbscope.core.scrape.Samples.collector;
import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.metrics.SampleBatch;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A scrape of the plan with the batched statement: built-ins read at once, a collector that breaks
 * the batch leaves it, and a batch that times out is paused.
 */
class PlanRunnerTest {
  private static final Duration LONG = Duration.ofSeconds(10);
  private final ScriptedEngine engine =
      new ScriptedEngine(
              ScriptedEngine.definition("a", Duration.ZERO),
              ScriptedEngine.definition("b", Duration.ZERO),
              ScriptedEngine.definition("c", Duration.ZERO))
          .batching(true);
  private MonitoredDatasource ds;

  private MonitoredDatasource datasource(Duration queryTimeout) {
    ds =
        new MonitoredDatasource(
            DatasourceConfig.builder("x", "scripted").queryTimeout(queryTimeout).build(),
            engine,
            engine.target());
    return ds;
  }

  @AfterEach
  void close() {
    if (ds != null) {
      ds.close();
    }
  }

  @Test
  void theBuiltInsAreReadWithOneStatement() {
    SampleBatch b = datasource(LONG).collect(Deadline.in(LONG));

    assertThat(engine.batches()).containsExactly(List.of("a", "b", "c"));
    assertThat(engine.queries()).as("no statement of their own").isZero();
    for (String id : List.of("a", "b", "c")) {
      assertThat(collector(b, "dbscope_collector_success", id)).isEqualTo(1);
    }
  }

  @Test
  void aCollectorThatBreaksTheBatchFailsAloneAndLeavesTheBatch() {
    engine.fail("b", new SQLException("permission denied for table b"));
    datasource(LONG);

    SampleBatch first = ds.collect(Deadline.in(LONG));
    SampleBatch second = ds.collect(Deadline.in(LONG));

    assertThat(collector(first, "dbscope_collector_success", "a")).isEqualTo(1);
    assertThat(collector(first, "dbscope_collector_success", "b")).isZero();
    assertThat(collector(first, "dbscope_collector_success", "c")).isEqualTo(1);
    assertThat(engine.batches()).containsExactly(List.of("a", "b", "c"), List.of("a", "c"));
    assertThat(collector(second, "dbscope_collector_success", "a")).isEqualTo(1);
    assertThat(collector(second, "dbscope_collector_errors_total", "b")).isEqualTo(2);
  }

  @Test
  void aBatchThatTimesOutIsPausedAndTheCollectorsRunOneByOne() {
    engine.delay("c", Duration.ofMillis(400));
    datasource(Duration.ofMillis(200));

    ds.collect(Deadline.in(LONG));
    engine.delay("c", Duration.ZERO);
    SampleBatch second = ds.collect(Deadline.in(LONG));

    assertThat(engine.batches()).as("no batch while paused").hasSize(1);
    assertThat(collector(second, "dbscope_collector_success", "c")).isEqualTo(1);
    assertThat(engine.queried()).endsWith("a", "b", "c");
  }
}
