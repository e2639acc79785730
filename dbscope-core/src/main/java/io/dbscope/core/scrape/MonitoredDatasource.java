package io.dbscope.core.scrape;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.custom.CustomSet;
import io.dbscope.core.definition.Definition;
import io.dbscope.core.engine.Engine;
import io.dbscope.core.engine.Meanwhile;
import io.dbscope.core.engine.RowMapper;
import io.dbscope.core.engine.ServerFacts;
import io.dbscope.core.engine.Session;
import io.dbscope.core.engine.StatefulCollector;
import io.dbscope.core.engine.Target;
import io.dbscope.core.metrics.MetricType;
import io.dbscope.core.metrics.OrderMemo;
import io.dbscope.core.metrics.SampleBatch;
import io.dbscope.core.metrics.SelfMetric;
import io.prometheus.metrics.model.snapshots.Labels;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One configured datasource at run time: its target (pool), what is known about its server, its
 * plan, its cache and its health. {@link #collect} runs the plan on one borrowed connection and
 * never throws: a failed connection is {@code up=0}, a failed collector is {@code success=0} with
 * no samples, and the rest carries on.
 *
 * <p>This class holds the datasource together; the jobs are done by its parts:
 *
 * <ul>
 *   <li>Single flight (here): concurrent scrapes (two Prometheus servers, {@code /metrics} and
 *       {@code /probe}) share one collection, so the database never sees the same query stacked.
 *   <li>Health and circuit breaker ({@link DatasourceHealth}, {@link CircuitBreaker}): after
 *       connection failures the datasource is skipped with exponential backoff; the health check
 *       keeps probing and closes the circuit.
 *   <li>The plan ({@link ScrapePlan}), made when the server's facts change: every collector with
 *       its kind -- built-in, custom ({@link GuardedCollectors}) or stateful -- decided once.
 *   <li>One scrape of the plan ({@link PlanRunner}): the batched statement where the engine can
 *       ({@link Session#batch}, {@link Batching}), then each collector run with its self-metrics
 *       and cache ({@link CollectorRun}, {@link ResultCache}).
 *   <li>Failure text ({@link FailureText}): one readable line, no stack trace, no password.
 * </ul>
 *
 * <p>Failures are logged once when they start or change and once when they end, not on every
 * scrape, so that a database that is down for an hour does not bury the log.
 */
public final class MonitoredDatasource implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MonitoredDatasource.class);

  private final DatasourceConfig config;
  private final Engine engine;
  private final Target target;
  private final Labels labels;
  private final Planner planner;
  private final RowMapper mapper;
  private final AtomicReference<CompletableFuture<SampleBatch>> inflight = new AtomicReference<>();
  private final OrderMemo orders;
  private final FirstContacts contacts;

  private final List<StatefulCollector> stateful;
  private final List<Definition> definitions;
  private final GuardedCollectors guarded;
  private final FailureText text;
  private final PlanRunner runner;
  private final DatasourceHealth health;
  private final ExporterHealthMetrics exporterHealth;
  private final DatasourceInfo info;
  private volatile ServerFacts facts;
  private volatile ScrapePlan plan = ScrapePlan.EMPTY;
  private volatile LastScrape lastScrape;
  private volatile CollectionListener listener = CollectionListener.NONE;

  public MonitoredDatasource(DatasourceConfig config, Engine engine, Target target) {
    this(config, engine, target, CustomSet.EMPTY);
  }

  /**
   * A datasource with custom collectors given as definitions (they run as given; one with the id of
   * a built-in replaces it).
   */
  public MonitoredDatasource(
      DatasourceConfig config, Engine engine, Target target, List<Definition> custom) {
    this(config, engine, target, CustomSet.of(custom));
  }

  /**
   * A datasource with its resolved custom metrics files: their collectors are planned together with
   * the engine's built-ins (see {@link CustomSet#merge}), and each file's state is exported as
   * {@code dbscope_custom_file_loaded}.
   */
  public MonitoredDatasource(
      DatasourceConfig config, Engine engine, Target target, CustomSet custom) {
    this(config, engine, target, custom, new FleetShared());
  }

  /** As above, sharing with the rest of its fleet what {@link FleetShared} holds. */
  public MonitoredDatasource(
      DatasourceConfig config, Engine engine, Target target, CustomSet custom, FleetShared shared) {
    this.mapper = new RowMapper(shared.rows());
    this.orders = new OrderMemo(shared.orders());
    this.contacts = shared.contacts();
    this.config = config;
    this.engine = engine;
    this.planner = Planner.of(engine);
    this.target = target;
    this.labels = DatasourceLabels.of(config);
    this.health = new DatasourceHealth(config.enabled(), engine::classify);
    this.stateful = List.copyOf(engine.statefulCollectors(config));
    this.definitions = custom.merge(engine.definitions());
    this.guarded = new GuardedCollectors(custom, mapper);
    this.text = new FailureText(config);
    this.runner = new PlanRunner(config, labels, text, engine);
    this.exporterHealth = new ExporterHealthMetrics(engine.exporterHealth(), labels);
    this.info = new DatasourceInfo(labels, config.engineAlias(), target);
  }

  public DatasourceConfig config() {
    return config;
  }

  public Engine engine() {
    return engine;
  }

  public Labels labels() {
    return labels;
  }

  /**
   * Healthy, unhealthy (cannot connect, or every collector failed in the last scrape), unknown
   * before the first check, or disabled; see {@link DatasourceHealth}.
   */
  public HealthState health() {
    return health.state();
  }

  /** Why the datasource is unhealthy; empty when it is not. */
  public String lastError() {
    return health.lastError();
  }

  /** Server facts, or empty before the first successful connection. */
  public Optional<ServerFacts> facts() {
    return Optional.ofNullable(facts);
  }

  /** The definitions planned for the connected server; empty before the first connection. */
  public List<Definition> plan() {
    return plan.definitions();
  }

  /** The custom metrics files of this datasource and their collectors. */
  public CustomSet custom() {
    return guarded.custom();
  }

  public int connectionsHeld() {
    return target.connectionsHeld();
  }

  /**
   * {@link Target#boundsItsWaits}: whether a collection of this datasource ends by its deadline.
   */
  boolean boundsItsWaits() {
    return target.boundsItsWaits();
  }

  /**
   * Collects within the deadline; never throws. A scrape that arrives while another collection of
   * this datasource runs waits for that one (up to its own deadline) instead of starting a second.
   */
  public SampleBatch collect(Deadline deadline) {
    return collect(deadline, Meanwhile.NONE);
  }

  /**
   * {@link #collect(Deadline)}, doing {@code meanwhile} while the server works when the engine can:
   * the scrape of a lone datasource collects it on its own thread and reads its own figures then.
   */
  public SampleBatch collect(Deadline deadline, Meanwhile meanwhile) {
    CompletableFuture<SampleBatch> mine = new CompletableFuture<>();
    CompletableFuture<SampleBatch> running = inflight.compareAndExchange(null, mine);
    if (running != null) {
      try {
        return running.get(deadline.remaining().toNanos(), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        return timedOut();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return timedOut();
      } catch (ExecutionException e) {
        return timedOut();
      }
    }
    try {
      SampleBatch b;
      try {
        b =
            contacts.run(
                engine.id(),
                deadline.cap(FirstContacts.WAIT),
                () -> collectNow(deadline, meanwhile));
      } catch (RuntimeException e) {
        // A bug, not a database problem: answer "down" for this datasource and say why, once.
        log.error("collection of {} failed unexpectedly: {}", config.name(), e.toString());
        b = timedOut();
      }
      mine.complete(b);
      return b;
    } finally {
      inflight.set(null);
    }
  }

  /** What a scrape answers for this datasource when it could not finish by the deadline. */
  public SampleBatch timedOut() {
    SampleBatch b = new SampleBatch();
    b.add(engine.upMetric(), MetricType.GAUGE, engine.upHelp(), labels, 0);
    SelfMetric.DATASOURCE_UP.add(b, labels, 0);
    SelfMetric.DATASOURCE_TIMEOUT.add(b, labels, 1);
    exporterHealth.timedOut(b);
    return b.order();
  }

  private SampleBatch collectNow(Deadline deadline, Meanwhile meanwhile) {
    SampleBatch batch = new SampleBatch(orders.familyCount());
    if (!config.enabled()) {
      health.emit(batch, labels, false);
      return batch.order();
    }
    MDC.put("datasource", config.name());
    long start = System.nanoTime();
    boolean up = false;
    boolean skipped = health.circuitOpen(start);
    double connectSeconds = Double.NaN;
    String error = skipped ? ExporterHealthMetrics.CIRCUIT_OPEN : "";
    DatasourceHealth.Outcomes outcomes = null;
    try {
      if (!skipped) {
        Duration connect = config.connectTimeout();
        Duration wait = deadline.cap(connect);
        long opening = System.nanoTime();
        try (ScrapeSession conn =
            new ScrapeSession(target, target.open(wait), connect, meanwhile)) {
          connectSeconds = (System.nanoTime() - opening) / 1e9;
          if (facts == null) {
            refreshFacts(conn.session(), deadline.cap(config.queryTimeout()));
          }
          health.connected();
          outcomes = runner.run(conn, deadline, plan, batch);
          up = health.scraped(outcomes);
          error =
              outcomes.failed() == 0
                  ? ""
                  : ExporterHealthMetrics.collectorFailed(outcomes.firstFailed());
        } catch (Exception e) {
          connectSeconds =
              Double.isNaN(connectSeconds) ? (System.nanoTime() - opening) / 1e9 : connectSeconds;
          error = ExporterHealthMetrics.cannotConnect(engine.classify(e));
          outcomes = null;
          health.unreachable(e, text.of(e), wait.compareTo(connect) < 0 && deadline.nearlyPassed());
        }
      }
    } finally {
      MDC.remove("datasource");
    }
    double seconds = (System.nanoTime() - start - meanwhile.spentNanos()) / 1e9;
    batch.add(engine.upMetric(), MetricType.GAUGE, engine.upHelp(), labels, up ? 1 : 0);
    SelfMetric.DATASOURCE_UP.add(batch, labels, up ? 1 : 0);
    SelfMetric.DATASOURCE_SCRAPE_DURATION.add(batch, labels, seconds);
    exporterHealth.scraped(batch, seconds, connectSeconds, error, outcomes);
    SelfMetric.DATASOURCE_CIRCUIT_OPEN.add(batch, labels, skipped ? 1 : 0);
    // 0 while the datasource answers in time, so that dashboards and alerts see a series, not a
    // gap.
    SelfMetric.DATASOURCE_TIMEOUT.add(batch, labels, 0);
    health.emit(batch, labels, true);
    info.emit(batch, facts);
    guarded.emitFiles(batch, labels);
    // Sorted here, on this datasource's own thread, not after the whole fleet is in, in the orders
    // of its last collection where they still hold.
    batch.order(orders);
    lastScrape = new LastScrape(java.time.Instant.now(), seconds, up);
    try {
      listener.collected(this, lastScrape, batch);
    } catch (RuntimeException e) {
      log.error("collection listener failed for {}: {}", config.name(), e.toString());
    }
    return batch;
  }

  /**
   * Who sees this datasource's collections from now on. Set by the running configuration that owns
   * the datasource (a reload that takes it over sets it again), not at construction: the fleet is
   * built in core, which knows nothing of the console listening.
   */
  public void listen(CollectionListener listener) {
    this.listener = listener;
  }

  /** The last collection that ran (not one cut by a deadline); empty before the first. */
  public Optional<LastScrape> lastScrape() {
    return Optional.ofNullable(lastScrape);
  }

  /** Every collector it knows, with its last run or why it is not planned. */
  public List<CollectorStatus> collectors() {
    return CollectorStatuses.of(
        facts, plan, definitions, stateful, (d, f) -> planner.skipReason(d, f, config), runner);
  }

  /** The stateful collectors of this datasource (query analytics), for the HTTP API. */
  public List<StatefulCollector> statefulCollectors() {
    return stateful;
  }

  /**
   * Health check: connect, ping and re-read the server facts (a restart or failover changes the
   * plan). Runs on the datasource's own schedule, also while the circuit is open: it is what closes
   * it.
   */
  public void check() {
    if (!config.enabled()) {
      return;
    }
    MDC.put("datasource", config.name());
    try {
      contacts.run(engine.id(), FirstContacts.WAIT, (Runnable) this::checkNow);
    } finally {
      MDC.remove("datasource");
    }
  }

  private void checkNow() {
    try (Session s = target.open(config.connectTimeout())) {
      s.ping(config.connectTimeout());
      refreshFacts(s, config.queryTimeout());
      health.reachable();
    } catch (Exception e) {
      health.unreachable(e, text.of(e));
    }
  }

  private void refreshFacts(Session s, Duration timeout) throws Exception {
    ServerFacts f = s.facts(timeout);
    ServerFacts old = facts;
    if (!f.equals(old)) {
      plan =
          ScrapePlan.of(
              planner.plan(definitions, f, config), stateful, f, config, labels, mapper, guarded);
      runner.reset();
      facts = f;
      log.info("{}", DatasourceInfo.planned(engine.id(), old, f, plan.definitions().size()));
    }
  }

  /** One readable line for a failure of this datasource, without stack trace or password. */
  public static String describeFailure(Throwable e, DatasourceConfig config) {
    return new FailureText(config).of(e);
  }

  /**
   * Whether {@code other} would monitor the same thing the same way: same engine, same settings. A
   * reload keeps this instance (and its pool and history) when it does.
   */
  public boolean sameSetup(MonitoredDatasource other) {
    return engine == other.engine && config.equals(other.config) && custom().equals(other.custom());
  }

  /**
   * Closes once the collection in flight (if any) has finished, so that a scrape that started
   * before a reload completes on the pool it began with.
   */
  public void closeWhenIdle() {
    CompletableFuture<SampleBatch> running = inflight.get();
    if (running == null) {
      close();
    } else {
      running.whenComplete((b, e) -> close());
    }
  }

  @Override
  public void close() {
    target.close();
    orders.forget();
  }
}
