package io.dbscope.core.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.metrics.SampleBatch;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Health and circuit breaker of a datasource, as its scrapes and health checks drive them. */
class DatasourceHealthTest {
  private static final Duration LONG = Duration.ofSeconds(10);
  private final ScriptedEngine engine =
      new ScriptedEngine(ScriptedEngine.definition("c", Duration.ZERO));
  private final MonitoredDatasource ds =
      new MonitoredDatasource(
          DatasourceConfig.builder("a", "scripted").build(), engine, engine.target());

  @AfterEach
  void close() {
    ds.close();
  }

  @Test
  void unknownUntilTheFirstCheckThenHealthy() {
    assertThat(ds.health()).isEqualTo(HealthState.UNKNOWN);

    ds.check();

    assertThat(ds.health()).isEqualTo(HealthState.HEALTHY);
    assertThat(ds.lastError()).isEmpty();
  }

  @Test
  void aRefusedConnectionOpensTheCircuitAndTheNextScrapeDoesNotTry() {
    engine.reachable(false);

    SampleBatch first = ds.collect(Deadline.in(LONG));
    engine.reachable(true);
    SampleBatch skipped = ds.collect(Deadline.in(LONG));

    assertThat(Samples.datasource(first, "scripted_up", "a")).isZero();
    assertThat(Samples.datasource(first, "dbscope_datasource_circuit_open", "a")).isZero();
    assertThat(
            Samples.value(first, "dbscope_datasource_connect_failures_total", "reason", "refused"))
        .contains(1.0);
    assertThat(ds.health()).isEqualTo(HealthState.UNHEALTHY);
    assertThat(ds.lastError()).isEqualTo("Connection refused");
    assertThat(Samples.datasource(skipped, "dbscope_datasource_circuit_open", "a")).isEqualTo(1);
    assertThat(Samples.datasource(skipped, "scripted_up", "a")).isZero();
    assertThat(engine.queries()).as("no query while the circuit is open").isZero();
  }

  @Test
  void theHealthCheckProbesWhileTheCircuitIsOpenAndClosesIt() {
    engine.reachable(false);
    ds.collect(Deadline.in(LONG));
    ds.check();
    assertThat(ds.health()).isEqualTo(HealthState.UNHEALTHY);

    engine.reachable(true);
    ds.check();
    SampleBatch b = ds.collect(Deadline.in(LONG));

    assertThat(ds.health()).isEqualTo(HealthState.HEALTHY);
    assertThat(Samples.datasource(b, "dbscope_datasource_circuit_open", "a")).isZero();
    assertThat(Samples.datasource(b, "scripted_up", "a")).isEqualTo(1);
  }

  /**
   * A scrape whose deadline passed before any collector started (the connection came late) has
   * nothing to show, so up is 0, but says nothing against the database: its state stays.
   */
  @Test
  void aScrapeCutShortBeforeAnyCollectorRanLeavesTheHealthAsItWas() {
    ds.check();
    engine.connectDelay(Duration.ofMillis(300));

    SampleBatch late = ds.collect(Deadline.in(Duration.ofMillis(100)));

    assertThat(Samples.datasource(late, "scripted_up", "a")).isZero();
    assertThat(Samples.value(late, "dbscope_collector_timeouts_total", "collector", "c"))
        .contains(1.0);
    assertThat(ds.health()).isEqualTo(HealthState.HEALTHY);
    assertThat(ds.lastError()).isEmpty();
  }

  /**
   * Every connection busy with dbscope's own work (a health check and a scrape at once) says
   * nothing about the database: no connect failure, no open circuit, no change of health.
   */
  @Test
  void connectionsAllInUseByDbscopeSayNothingAboutTheDatabase() {
    ds.check();
    engine.allInUse(true);

    SampleBatch busy = ds.collect(Deadline.in(LONG));
    ds.check();
    engine.allInUse(false);
    SampleBatch next = ds.collect(Deadline.in(LONG));

    assertThat(Samples.datasource(busy, "scripted_up", "a")).isZero();
    assertThat(
            Samples.value(busy, "dbscope_datasource_connect_failures_total", "reason", "timeout"))
        .contains(0.0);
    assertThat(ds.health()).isEqualTo(HealthState.HEALTHY);
    assertThat(Samples.datasource(next, "dbscope_datasource_circuit_open", "a")).isZero();
    assertThat(Samples.datasource(next, "scripted_up", "a")).isEqualTo(1);
  }

  /**
   * A connect that the scrape's deadline cut short of {@code connectTimeout} (a collection that
   * started late) says nothing about the database either; one that took the whole {@code
   * connectTimeout} does.
   */
  @Test
  void aConnectCutShortByTheDeadlineLeavesTheHealthAsItWas() {
    ds.check();
    engine.boundingItsWaits().connectDelay(Duration.ofSeconds(2));

    SampleBatch cut = ds.collect(Deadline.in(Duration.ofMillis(100)));
    SampleBatch next = ds.collect(Deadline.in(Duration.ofMillis(100)));

    assertThat(Samples.datasource(cut, "scripted_up", "a")).isZero();
    assertThat(Samples.value(cut, "dbscope_datasource_connect_failures_total", "reason", "timeout"))
        .contains(0.0);
    assertThat(ds.health()).isEqualTo(HealthState.HEALTHY);
    assertThat(Samples.datasource(next, "dbscope_datasource_circuit_open", "a"))
        .as("no circuit opened: the next scrape tried again")
        .isZero();

    ScriptedEngine slow =
        new ScriptedEngine(ScriptedEngine.definition("c", Duration.ZERO))
            .boundingItsWaits()
            .connectDelay(Duration.ofSeconds(2));
    try (MonitoredDatasource whole =
        new MonitoredDatasource(
            DatasourceConfig.builder("b", "scripted")
                .connectTimeout(Duration.ofMillis(100))
                .build(),
            slow,
            slow.target())) {
      SampleBatch timedOut = whole.collect(Deadline.in(LONG));

      assertThat(
              Samples.value(
                  timedOut, "dbscope_datasource_connect_failures_total", "reason", "timeout"))
          .contains(1.0);
      assertThat(whole.health()).isEqualTo(HealthState.UNHEALTHY);
    }
  }

  /** A collector that ran and timed out is the database's doing: unhealthy, as before. */
  @Test
  void aCollectorThatRanIntoTheDeadlineStillMakesItUnhealthy() {
    ds.check();
    engine.delay("c", Duration.ofSeconds(5));

    SampleBatch slow = ds.collect(Deadline.in(Duration.ofMillis(200)));

    assertThat(Samples.datasource(slow, "scripted_up", "a")).isZero();
    assertThat(ds.health()).isEqualTo(HealthState.UNHEALTHY);
  }

  @Test
  void reachableIsNotHealthyWhileEveryCollectorFails() {
    engine.fail("c", new SQLException("permission denied for table c"));
    ds.collect(Deadline.in(LONG));

    ds.check();

    assertThat(ds.health()).isEqualTo(HealthState.UNHEALTHY);
    engine.fail("c", null);
    ds.collect(Deadline.in(LONG));
    assertThat(ds.health()).isEqualTo(HealthState.HEALTHY);
  }

  @Test
  void aDisabledDatasourceIsNeitherCheckedNorScraped() {
    MonitoredDatasource off =
        new MonitoredDatasource(
            DatasourceConfig.builder("off", "scripted").enabled(false).build(),
            engine,
            engine.target());

    off.check();
    SampleBatch b = off.collect(Deadline.in(LONG));

    assertThat(off.health()).isEqualTo(HealthState.DISABLED);
    assertThat(Samples.value(b, "dbscope_datasource_health", "state", "disabled")).contains(1.0);
    assertThat(Samples.has(b, "scripted_up")).isFalse();
    assertThat(engine.queries()).isZero();
  }
}
