package io.dbscope.core.scrape;

import static io.dbscope.core.scrape.Samples.collector;
import static io.dbscope.core.scrape.Samples.has;
import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.engine.ServerFacts;
import io.dbscope.core.engine.Session;
import io.dbscope.core.engine.StatefulCollector;
import io.dbscope.core.metrics.MetricType;
import io.dbscope.core.metrics.SampleBatch;
import io.prometheus.metrics.model.snapshots.Labels;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One collector run, of each kind, through a whole datasource collection on a {@link
 * ScriptedEngine}: samples or none, the self-metrics, the cache, timeouts and the deadline.
 */
class CollectorRunTest {
  private static final Duration LONG = Duration.ofSeconds(10);
  private MonitoredDatasource ds;

  private MonitoredDatasource datasource(ScriptedEngine engine, Duration queryTimeout) {
    DatasourceConfig config =
        DatasourceConfig.builder("a", "scripted").queryTimeout(queryTimeout).build();
    ds = new MonitoredDatasource(config, engine, engine.target());
    return ds;
  }

  @AfterEach
  void close() {
    if (ds != null) {
      ds.close();
    }
  }

  @Test
  void aGoodRunGivesSamplesAndItsSelfMetrics() {
    ScriptedEngine engine = new ScriptedEngine(ScriptedEngine.definition("c", Duration.ZERO));

    SampleBatch b = datasource(engine, LONG).collect(Deadline.in(LONG));

    assertThat(has(b, "c_v")).isTrue();
    assertThat(collector(b, "dbscope_collector_success", "c")).isEqualTo(1);
    assertThat(collector(b, "dbscope_collector_errors_total", "c")).isZero();
    assertThat(collector(b, "dbscope_collector_duration_seconds", "c")).isPositive();
    assertThat(Samples.value(b, "dbscope_collector_cache_age_seconds", "collector", "c")).isEmpty();
  }

  @Test
  void theApiSeesEachCollectorsLastRunAndTheLastScrape() {
    ScriptedEngine engine = new ScriptedEngine(ScriptedEngine.definition("c", Duration.ZERO));
    datasource(engine, LONG);
    assertThat(ds.collectors())
        .singleElement()
        .satisfies(c -> assertThat(c.skipReason()).isEqualTo(CollectorStatuses.NOT_CONNECTED));
    List<String> seen = new java.util.ArrayList<>();
    ds.listen((d, s, samples) -> seen.add(d.config().name() + " " + s.up() + " " + samples.size()));

    ds.collect(Deadline.in(LONG));

    CollectorStatus c = ds.collectors().getFirst();
    assertThat(c.planned()).isTrue();
    assertThat(c.kind()).isEqualTo("built-in");
    assertThat(c.lastSuccess()).isNotNull().isEqualTo(c.lastRun());
    assertThat(c.lastSeconds()).isPositive();
    assertThat(c.cacheAgeSeconds()).isNaN();
    assertThat(c.lastError()).isEmpty();
    assertThat(ds.lastScrape()).hasValueSatisfying(s -> assertThat(s.up()).isTrue());
    assertThat(seen).singleElement().asString().startsWith("a true ");
  }

  @Test
  void aFreshResultIsServedFromTheCacheUntilItsTtlPasses() throws Exception {
    ScriptedEngine engine =
        new ScriptedEngine(ScriptedEngine.definition("c", Duration.ofMillis(400)));
    datasource(engine, LONG);

    SampleBatch first = ds.collect(Deadline.in(LONG));
    Thread.sleep(50);
    SampleBatch second = ds.collect(Deadline.in(LONG));

    assertThat(engine.queries()).isEqualTo(1);
    assertThat(Samples.value(second, "c_v", "datasource", "a"))
        .isEqualTo(Samples.value(first, "c_v", "datasource", "a"));
    assertThat(collector(second, "dbscope_collector_cache_age_seconds", "c")).isPositive();
    assertThat(collector(second, "dbscope_collector_success", "c")).isEqualTo(1);

    Thread.sleep(400);
    ds.collect(Deadline.in(LONG));

    assertThat(engine.queries()).isEqualTo(2);
  }

  @Test
  void aFailureIsNotCachedAndNoStaleValuesAreServedAfterTheTtl() throws Exception {
    ScriptedEngine engine =
        new ScriptedEngine(ScriptedEngine.definition("c", Duration.ofMillis(200)));
    datasource(engine, LONG);
    engine.fail("c", new SQLException("permission denied for table c"));

    SampleBatch failed = ds.collect(Deadline.in(LONG));
    engine.fail("c", null);
    SampleBatch next = ds.collect(Deadline.in(LONG));

    assertThat(has(failed, "c_v")).isFalse();
    assertThat(collector(failed, "dbscope_collector_success", "c")).isZero();
    assertThat(collector(failed, "dbscope_collector_errors_total", "c")).isEqualTo(1);
    assertThat(engine.queries()).as("the failure was not served again").isEqualTo(2);
    assertThat(collector(next, "dbscope_collector_success", "c")).isEqualTo(1);

    Thread.sleep(250);
    engine.fail("c", new SQLException("permission denied for table c"));
    SampleBatch expired = ds.collect(Deadline.in(LONG));

    assertThat(has(expired, "c_v")).isFalse();
    assertThat(collector(expired, "dbscope_collector_success", "c")).isZero();
  }

  @Test
  void aQueryTimeoutFailsThatCollectorAloneAndIsCountedAsATimeout() {
    ScriptedEngine engine =
        new ScriptedEngine(
                ScriptedEngine.definition("slow", Duration.ZERO),
                ScriptedEngine.definition("fast", Duration.ZERO))
            .delay("slow", Duration.ofSeconds(5));

    SampleBatch b = datasource(engine, Duration.ofMillis(100)).collect(Deadline.in(LONG));

    assertThat(collector(b, "dbscope_collector_success", "slow")).isZero();
    assertThat(collector(b, "dbscope_collector_timeouts_total", "slow")).isEqualTo(1);
    assertThat(collector(b, "dbscope_collector_errors_total", "slow")).isEqualTo(1);
    assertThat(collector(b, "dbscope_collector_success", "fast")).isEqualTo(1);
    assertThat(collector(b, "dbscope_collector_timeouts_total", "fast")).isZero();
    assertThat(Samples.datasource(b, "scripted_up", "a")).isEqualTo(1);
  }

  @Test
  void collectorsTheDeadlineDoesNotReachAreNotRunAndCountedAsTimeouts() {
    ScriptedEngine engine =
        new ScriptedEngine(
                ScriptedEngine.definition("slow", Duration.ZERO),
                ScriptedEngine.definition("later", Duration.ZERO))
            .delay("slow", Duration.ofSeconds(5));

    long t0 = System.nanoTime();
    SampleBatch b = datasource(engine, LONG).collect(Deadline.in(Duration.ofMillis(300)));

    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
    assertThat(engine.queried()).containsExactly("slow");
    assertThat(collector(b, "dbscope_collector_success", "later")).isZero();
    assertThat(collector(b, "dbscope_collector_timeouts_total", "later")).isEqualTo(1);
    assertThat(collector(b, "dbscope_collector_errors_total", "later")).isEqualTo(1);
    assertThat(collector(b, "dbscope_collector_duration_seconds", "later")).isZero();
  }

  @Test
  void statefulCollectorsRunAfterTheDefinitionsWithTheSameSelfMetrics() {
    StatefulCollector good = stateful("analytics", false);
    StatefulCollector bad = stateful("activity", true);
    ScriptedEngine engine =
        new ScriptedEngine(
            List.of(ScriptedEngine.definition("c", Duration.ZERO)), List.of(good, bad));

    SampleBatch b = datasource(engine, LONG).collect(Deadline.in(LONG));

    assertThat(has(b, "analytics_rows")).isTrue();
    assertThat(collector(b, "dbscope_collector_success", "analytics")).isEqualTo(1);
    assertThat(has(b, "activity_rows")).as("a failed collector gives no samples").isFalse();
    assertThat(collector(b, "dbscope_collector_success", "activity")).isZero();
    assertThat(collector(b, "dbscope_collector_errors_total", "activity")).isEqualTo(1);
    assertThat(collector(b, "dbscope_collector_success", "c")).isEqualTo(1);
  }

  @Test
  void whenEveryCollectorFailsTheDatasourceIsDownAndUnhealthy() {
    ScriptedEngine engine =
        new ScriptedEngine(ScriptedEngine.definition("c", Duration.ZERO))
            .fail("c", new SQLException("permission denied for table c"));

    SampleBatch b = datasource(engine, LONG).collect(Deadline.in(LONG));

    assertThat(Samples.datasource(b, "scripted_up", "a")).isZero();
    assertThat(ds.health()).isEqualTo(HealthState.UNHEALTHY);
    assertThat(ds.lastError()).contains("c: permission denied for table c");
  }

  /**
   * The self-metrics of a scrape's collectors are written by collector id, the order the exposition
   * sorts them in (so that a datasource without an order memo finds them in order), and only for
   * the collectors of that scrape.
   */
  @Test
  void selfMetricsAreWrittenByCollectorIdForTheCollectorsOfTheScrapeOnly() {
    DatasourceConfig config = DatasourceConfig.builder("a", "scripted").build();
    ScriptedEngine engine = new ScriptedEngine();
    Labels labels = Labels.of("datasource", "a");
    CollectorRun run = new CollectorRun(labels, new ResultCache(), new FailureText(config), engine);
    List<PlannedCollector> byId =
        new ScrapePlan(
                List.of(),
                List.of(
                    new PlannedCollector.Stateful(stateful("zeta", false), labels),
                    new PlannedCollector.Stateful(stateful("alpha", false), labels),
                    new PlannedCollector.Stateful(stateful("mid", false), labels)))
            .byId();
    run.begin();
    for (String id : List.of("zeta", "alpha", "mid")) {
      run.notRun(id, "the scrape deadline passed", new DatasourceHealth.Outcomes());
    }
    SampleBatch first = new SampleBatch();
    run.emit(first, byId);
    run.begin();
    run.notRun("mid", "the scrape deadline passed", new DatasourceHealth.Outcomes());
    SampleBatch second = new SampleBatch();
    run.emit(second, byId);

    assertThat(collectorsOf(first, "dbscope_collector_success"))
        .containsExactly("alpha", "mid", "zeta");
    assertThat(collectorsOf(first, "dbscope_collector_errors_total"))
        .containsExactly("alpha", "mid", "zeta");
    assertThat(collectorsOf(second, "dbscope_collector_timeouts_total")).containsExactly("mid");
    assertThat(collector(second, "dbscope_collector_timeouts_total", "mid")).isEqualTo(2);
  }

  private static List<String> collectorsOf(SampleBatch b, String family) {
    return b.families().stream()
        .filter(f -> f.name().equals(family))
        .flatMap(f -> f.points().stream())
        .map(p -> p.labels().get("collector"))
        .toList();
  }

  /** A stateful collector that adds {@code <id>_rows} after writing half of it, or fails. */
  private static StatefulCollector stateful(String id, boolean fails) {
    return new StatefulCollector() {
      @Override
      public String id() {
        return id;
      }

      @Override
      public boolean applies(ServerFacts facts, DatasourceConfig config) {
        return true;
      }

      @Override
      public void collect(Session session, Deadline deadline, Labels labels, SampleBatch out)
          throws Exception {
        out.add(id + "_rows", MetricType.GAUGE, "Rows.", labels, 1);
        if (fails) {
          throw new SQLException("relation " + id + " does not exist");
        }
      }
    };
  }
}
