package io.dbscope.core.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.CollectStrategy;
import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.config.Priority;
import io.dbscope.core.metrics.Exposition;
import io.dbscope.core.metrics.ExpositionWriter;
import io.dbscope.core.metrics.SampleBatch;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The scrape strategies on datasources of a {@link ScriptedEngine}: what finishes by the deadline
 * is answered, what does not is answered as timed out, and a slow datasource does not hold up the
 * others beyond the deadline (or its group's timeout).
 */
class ScraperTest {
  private static final Duration DAY = Duration.ofDays(1);
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final Scraper scraper =
      new Scraper(
          executor, new PrometheusRegistry(), SampleBatch::new, engines -> new SampleBatch());
  private final List<MonitoredDatasource> opened = new ArrayList<>();

  @AfterEach
  void close() {
    opened.forEach(MonitoredDatasource::close);
    executor.shutdownNow();
  }

  private MonitoredDatasource datasource(String name, Priority priority, ScriptedEngine engine) {
    DatasourceConfig config =
        DatasourceConfig.builder(name, "scripted")
            .priority(priority)
            .queryTimeout(Duration.ofSeconds(30))
            .build();
    MonitoredDatasource ds = new MonitoredDatasource(config, engine, engine.target());
    opened.add(ds);
    return ds;
  }

  private static ScriptedEngine engine() {
    return new ScriptedEngine(ScriptedEngine.definition("c", Duration.ZERO));
  }

  @Test
  void concurrentAnswersByTheDeadlineWhileOneDatasourceHangs() throws Exception {
    ScriptedEngine stuck = engine().connectDelay(Duration.ofSeconds(5));
    MonitoredDatasource slow = datasource("slow", Priority.HIGH, stuck);
    MonitoredDatasource fast = datasource("fast", Priority.HIGH, engine());

    long t0 = System.nanoTime();
    String out =
        text(
            scraper.scrape(
                List.of(slow, fast),
                Deadline.in(Duration.ofMillis(500)),
                Scraper.Plan.concurrent(),
                false));

    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(1500));
    assertThat(value(out, "scripted_up", "fast")).isEqualTo("1.0");
    assertThat(value(out, "dbscope_datasource_timeout", "fast")).isEqualTo("0.0");
    assertThat(value(out, "scripted_up", "slow")).isEqualTo("0.0");
    assertThat(value(out, "dbscope_datasource_timeout", "slow")).isEqualTo("1.0");
    assertThat(out).contains("dbscope_scrape_duration_seconds");
  }

  @Test
  void serialGoesByPriorityAndReportsTheUnreachedAsTimedOut() throws Exception {
    ScriptedEngine first = engine().connectDelay(Duration.ofSeconds(2));
    ScriptedEngine second = engine();
    MonitoredDatasource low = datasource("low", Priority.LOW, second);
    MonitoredDatasource high = datasource("high", Priority.HIGH, first);

    String out =
        text(
            scraper.scrape(
                List.of(low, high),
                Deadline.in(Duration.ofMillis(500)),
                new Scraper.Plan(CollectStrategy.SERIAL, 1, DAY),
                false));

    assertThat(second.queries()).as("the low-priority datasource never started").isZero();
    assertThat(value(out, "dbscope_datasource_timeout", "low")).isEqualTo("1.0");
    assertThat(value(out, "dbscope_datasource_timeout", "high")).isEqualTo("1.0");
  }

  @Test
  void serialRunsEveryDatasourceWhenThereIsTime() throws Exception {
    ScriptedEngine a = engine();
    ScriptedEngine b = engine();

    String out =
        text(
            scraper.scrape(
                List.of(datasource("a", Priority.LOW, a), datasource("b", Priority.HIGH, b)),
                Deadline.in(Duration.ofSeconds(5)),
                new Scraper.Plan(CollectStrategy.SERIAL, 1, DAY),
                false));

    assertThat(value(out, "scripted_up", "a")).isEqualTo("1.0");
    assertThat(value(out, "scripted_up", "b")).isEqualTo("1.0");
  }

  /**
   * The slow datasource's group answers within the group timeout: with two priorities its group
   * frees the group slot for the next; with one the datasources start without a group task, under
   * the group's timeout still.
   */
  @ParameterizedTest
  @EnumSource(
      value = Priority.class,
      names = {"MEDIUM", "HIGH"})
  void hybridAnswersASlowGroupWithinTheGroupTimeout(Priority fastPriority) throws Exception {
    ScriptedEngine slowQueries = engine().delay("c", Duration.ofSeconds(10));
    ScriptedEngine quick = engine();
    MonitoredDatasource slow = datasource("slow", Priority.HIGH, slowQueries);
    MonitoredDatasource fast = datasource("fast", fastPriority, quick);

    long t0 = System.nanoTime();
    String out =
        text(
            scraper.scrape(
                List.of(fast, slow),
                Deadline.in(Duration.ofSeconds(4)),
                new Scraper.Plan(CollectStrategy.HYBRID, 1, Duration.ofMillis(300)),
                false));

    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
    assertThat(value(out, "scripted_up", "fast")).isEqualTo("1.0");
    assertThat(value(out, "dbscope_datasource_timeout", "slow"))
        .as("the slow group answered within its own timeout")
        .isEqualTo("0.0");
    assertThat(out)
        .contains("dbscope_collector_timeouts_total{collector=\"c\",datasource=\"slow\"} 1.0");
  }

  @Test
  void hybridRunsGroupsSideBySideUpToMaxConcurrentGroups() throws Exception {
    MonitoredDatasource stuck =
        datasource("stuck", Priority.HIGH, engine().connectDelay(Duration.ofSeconds(5)));
    MonitoredDatasource fast = datasource("fast", Priority.LOW, engine());

    String out =
        text(
            scraper.scrape(
                List.of(stuck, fast),
                Deadline.in(Duration.ofMillis(700)),
                new Scraper.Plan(CollectStrategy.HYBRID, 2, DAY),
                false));

    assertThat(value(out, "scripted_up", "fast")).isEqualTo("1.0");
    assertThat(value(out, "dbscope_datasource_timeout", "stuck")).isEqualTo("1.0");
  }

  /**
   * A datasource alone whose target bounds its waits is collected on the scraping thread, under
   * every strategy; one whose target does not, or two such datasources, on threads of their own.
   */
  @ParameterizedTest
  @EnumSource(CollectStrategy.class)
  void aDatasourceAloneThatBoundsItsWaitsIsCollectedOnTheScrapingThread(CollectStrategy strategy)
      throws Exception {
    ScriptedEngine bounded = engine().boundingItsWaits();
    ScriptedEngine unbounded = engine();
    ScriptedEngine pair = engine().boundingItsWaits();
    Scraper.Plan plan = new Scraper.Plan(strategy, 1, DAY);
    Deadline deadline = Deadline.in(Duration.ofSeconds(5));

    String one =
        text(
            scraper.scrape(
                List.of(datasource("one", Priority.HIGH, bounded)), deadline, plan, false));
    scraper.scrape(List.of(datasource("other", Priority.HIGH, unbounded)), deadline, plan, false);
    scraper.scrape(
        List.of(datasource("p1", Priority.HIGH, pair), datasource("p2", Priority.LOW, pair)),
        deadline,
        plan,
        false);

    assertThat(value(one, "scripted_up", "one")).isEqualTo("1.0");
    assertThat(bounded.connectedFrom()).containsExactly(Thread.currentThread());
    assertThat(unbounded.connectedFrom()).hasSize(1).doesNotContain(Thread.currentThread());
    assertThat(pair.connectedFrom()).hasSize(2).doesNotContain(Thread.currentThread());
  }

  /**
   * Collected on the scraping thread, a datasource that hangs past the deadline is answered by its
   * own timeouts, which end at the deadline: no later than a collection on a thread of its own.
   */
  @Test
  void aHangingDatasourceCollectedOnTheScrapingThreadIsAnsweredByTheDeadline() throws Exception {
    ScriptedEngine hanging = engine().boundingItsWaits().connectDelay(Duration.ofSeconds(30));
    MonitoredDatasource ds = datasource("hanging", Priority.HIGH, hanging);

    long t0 = System.nanoTime();
    String out =
        text(
            scraper.scrape(
                List.of(ds),
                Deadline.in(Duration.ofMillis(500)),
                Scraper.Plan.concurrent(),
                false));

    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(1500));
    assertThat(hanging.connectedFrom()).containsExactly(Thread.currentThread());
    assertThat(value(out, "scripted_up", "hanging")).isEqualTo("0.0");
  }

  @Test
  void maxConcurrentCollectionsRunsTheRestAsSlotsFreeUp() throws Exception {
    List<MonitoredDatasource> three = new ArrayList<>();
    for (String name : List.of("a", "b", "c")) {
      three.add(datasource(name, Priority.HIGH, engine().delay("c", Duration.ofMillis(200))));
    }

    long t0 = System.nanoTime();
    String out =
        text(
            scraper.scrape(
                three,
                Deadline.in(Duration.ofSeconds(10)),
                new Scraper.Plan(CollectStrategy.CONCURRENT, 1, DAY, 1),
                false));

    assertThat(Duration.ofNanos(System.nanoTime() - t0))
        .as("one at a time")
        .isGreaterThanOrEqualTo(Duration.ofMillis(600));
    for (String name : List.of("a", "b", "c")) {
      assertThat(value(out, "scripted_up", name)).isEqualTo("1.0");
    }
  }

  @Test
  void hangingDatasourcesGiveUpTheirSlotsAfterTheLease() throws Exception {
    List<MonitoredDatasource> all = new ArrayList<>();
    for (String name : List.of("stuck1", "stuck2")) {
      all.add(datasource(name, Priority.HIGH, engine().connectDelay(Duration.ofSeconds(30))));
    }
    for (String name : List.of("fast1", "fast2", "fast3")) {
      all.add(datasource(name, Priority.HIGH, engine()));
    }

    String out =
        text(
            scraper.scrape(
                all,
                Deadline.in(Duration.ofSeconds(2).plus(CollectionSlots.LEASE.multipliedBy(2))),
                new Scraper.Plan(CollectStrategy.CONCURRENT, 1, DAY, 1),
                false));

    for (String name : List.of("fast1", "fast2", "fast3")) {
      assertThat(value(out, "scripted_up", name)).isEqualTo("1.0");
      assertThat(value(out, "dbscope_datasource_timeout", name)).isEqualTo("0.0");
    }
    assertThat(value(out, "dbscope_datasource_timeout", "stuck1")).isEqualTo("1.0");
    assertThat(value(out, "dbscope_datasource_timeout", "stuck2")).isEqualTo("1.0");
  }

  /**
   * A lone datasource is collected on the scrape's thread; an engine that sends before it reads has
   * the scrape's own figures read while its server works, once, and their time is not the
   * datasource's. Any other engine leaves them to the scrape, which reads them once too.
   */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
  void theScrapesOwnFiguresAreReadOnceAndNotChargedToTheLoneDatasource(boolean sendsFirst)
      throws Exception {
    java.util.concurrent.atomic.AtomicInteger reads =
        new java.util.concurrent.atomic.AtomicInteger();
    List<Thread> readOn = new java.util.concurrent.CopyOnWriteArrayList<>();
    Scraper slowFigures =
        new Scraper(
            executor,
            new PrometheusRegistry(),
            () -> {
              reads.incrementAndGet();
              readOn.add(Thread.currentThread());
              try {
                Thread.sleep(800);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              SampleBatch b = new SampleBatch();
              b.add(
                  "jvm_test",
                  io.dbscope.core.metrics.MetricType.GAUGE,
                  "Test.",
                  io.prometheus.metrics.model.snapshots.Labels.EMPTY,
                  1);
              return b;
            },
            engines -> new SampleBatch());
    ScriptedEngine engine =
        new ScriptedEngine(
                ScriptedEngine.definition("a", Duration.ZERO),
                ScriptedEngine.definition("b", Duration.ZERO))
            .batching(true)
            .sendsFirst(sendsFirst)
            .boundingItsWaits();
    MonitoredDatasource ds = datasource("lone", Priority.HIGH, engine);

    String out =
        text(
            slowFigures.scrape(
                List.of(ds), Deadline.in(Duration.ofSeconds(5)), Scraper.Plan.concurrent(), true));

    assertThat(reads).hasValue(1);
    assertThat(readOn).containsExactly(Thread.currentThread());
    assertThat(engine.meanwhileRuns()).isEqualTo(sendsFirst ? 1 : 0);
    assertThat(out.lines().filter(l -> l.startsWith("jvm_test "))).hasSize(1);
    assertThat(value(out, "a_v", "lone")).isEqualTo("0.0");
    assertThat(Double.parseDouble(value(out, "dbscope_datasource_scrape_duration_seconds", "lone")))
        .as("the figures' 800 ms are the scrape's, not the datasource's")
        .isLessThan(0.6);
  }

  private static String text(Exposition e) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new ExpositionWriter().write(out, e, "text/plain");
    return out.toString(StandardCharsets.UTF_8);
  }

  /** The value of the sample {@code name{datasource="ds"}} in Prometheus text. */
  private static String value(String text, String name, String ds) {
    String prefix = name + "{datasource=\"" + ds + "\"} ";
    return text.lines()
        .filter(l -> l.startsWith(prefix))
        .map(l -> l.substring(prefix.length()).strip())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + prefix + "in\n" + text));
  }
}
