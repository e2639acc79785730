package io.dbscope.core.scrape;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.custom.CustomSet;
import io.dbscope.core.definition.Definition;
import io.dbscope.core.engine.Engine;
import io.dbscope.core.engine.ResultRows;
import io.dbscope.core.engine.RowMapper;
import io.dbscope.core.engine.ServerFacts;
import io.dbscope.core.engine.Session;
import io.dbscope.core.engine.StatefulCollector;
import io.dbscope.core.engine.Target;
import io.dbscope.core.metrics.SampleBatch;
import io.dbscope.core.metrics.SelfMetric;
import io.prometheus.metrics.model.snapshots.Labels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One configured datasource at run time: its target (pool), what is known about its server, its
 * plan, its cache and its health. {@link #collect} runs the plan on one borrowed connection and
 * never throws: a failed connection is {@code up=0}, a failed collector is {@code success=0} with
 * no samples, and the rest carries on.
 *
 * <ul>
 *   <li>Single flight: concurrent scrapes (two Prometheus servers, {@code /metrics} and {@code
 *       /probe}) share one collection, so the database never sees the same query stacked.
 *   <li>Circuit breaker: after connection failures the datasource is skipped with exponential
 *       backoff; the health check keeps probing and closes the circuit.
 *   <li>Cache: collectors with a ttl are served from their last good result while it is fresh.
 *   <li>Batching: where the engine can ({@link Session#batch}), the built-in collectors due in a
 *       scrape are read with one statement. A collector that fails on its own is left out of
 *       later batches; a batch that times out, or fails for no collector's fault, is paused for
 *       {@link Batching#PAUSE} and the collectors run one by one meanwhile.
 *   <li>Custom collectors (the datasource's custom metrics files, see {@link CustomSet}) are
 *       planned with the built-ins; their rows are judged and limited by {@link
 *       GuardedCollectors}, and their failures name the file, line and metric.
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
  private final Planner planner = new Planner();
  private final RowMapper mapper = new RowMapper();
  private final ResultCache cache = new ResultCache();
  private final Map<String, LongAdder> collectorErrors = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> collectorTimeouts = new ConcurrentHashMap<>();
  private final Map<String, String> failing = new ConcurrentHashMap<>();
  private final Batching batching;
  private final AtomicReference<CompletableFuture<SampleBatch>> inflight = new AtomicReference<>();
  private final List<StatefulCollector> stateful;
  private final List<Definition> definitions;
  private final GuardedCollectors guarded;
  private volatile ServerFacts facts;
  private volatile List<Definition> plan = List.of();
  private final DatasourceHealth health;
  private volatile String cutShortReason;

  public MonitoredDatasource(DatasourceConfig config, Engine engine, Target target) {
    this(config, engine, target, CustomSet.EMPTY);
  }

  /**
   * A datasource with custom collectors given as definitions (they run as given; one with the id
   * of a built-in replaces it).
   */
  public MonitoredDatasource(
      DatasourceConfig config, Engine engine, Target target, List<Definition> custom) {
    this(config, engine, target, CustomSet.of(custom));
  }

  /**
   * A datasource with its resolved custom metrics files: their collectors are planned together
   * with the engine's built-ins (see {@link CustomSet#merge}), and each file's state is exported
   * as {@code dbscope_custom_file_loaded}.
   */
  public MonitoredDatasource(DatasourceConfig config, Engine engine, Target target, CustomSet custom) {
    this.config = config;
    this.engine = engine;
    this.target = target;
    this.labels = constLabels(config);
    this.health = new DatasourceHealth(config.enabled(), engine::classify);
    this.batching = new Batching(engine);
    this.stateful = List.copyOf(engine.statefulCollectors(config));
    this.definitions = custom.merge(engine.definitions());
    this.guarded = new GuardedCollectors(custom, mapper);
  }

  static Labels constLabels(DatasourceConfig config) {
    List<String> names = new ArrayList<>();
    List<String> values = new ArrayList<>();
    names.add("datasource");
    values.add(config.name());
    config.labels().forEach((k, v) -> {
      names.add(k);
      values.add(v);
    });
    return Labels.of(names, values);
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

  public List<Definition> plan() {
    return plan;
  }

  /** The custom metrics files of this datasource and their collectors. */
  public CustomSet custom() {
    return guarded.custom();
  }

  public int connectionsHeld() {
    return target.connectionsHeld();
  }

  /**
   * Collects within the deadline; never throws. A scrape that arrives while another collection of
   * this datasource runs waits for that one (up to its own deadline) instead of starting a second.
   */
  public SampleBatch collect(Deadline deadline) {
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
        b = collectNow(deadline);
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
    b.add(engine.upMetric(), io.dbscope.core.metrics.MetricType.GAUGE, engine.upHelp(), labels, 0);
    SelfMetric.DATASOURCE_UP.add(b, labels, 0);
    SelfMetric.DATASOURCE_TIMEOUT.add(b, labels, 1);
    return b.seal();
  }

  private SampleBatch collectNow(Deadline deadline) {
    SampleBatch batch = new SampleBatch();
    if (!config.enabled()) {
      health.emit(batch, labels, false);
      return batch.seal();
    }
    MDC.put("datasource", config.name());
    long start = System.nanoTime();
    boolean up = false;
    boolean skipped = health.circuitOpen(start);
    try {
      if (!skipped) {
        Duration connect = config.connectTimeout();
        try (ScrapeSession conn =
            new ScrapeSession(target, target.open(deadline.cap(connect)), connect)) {
          if (facts == null) {
            refreshFacts(conn.session(), deadline.cap(config.queryTimeout()));
          }
          health.connected();
          up = health.scraped(runPlan(conn, deadline, batch));
        } catch (Exception e) {
          health.unreachable(e, redact(message(e)));
        }
      }
    } finally {
      MDC.remove("datasource");
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    batch.add(engine.upMetric(), io.dbscope.core.metrics.MetricType.GAUGE, engine.upHelp(), labels, up ? 1 : 0);
    SelfMetric.DATASOURCE_UP.add(batch, labels, up ? 1 : 0);
    SelfMetric.DATASOURCE_SCRAPE_DURATION.add(batch, labels, seconds);
    SelfMetric.DATASOURCE_CIRCUIT_OPEN.add(batch, labels, skipped ? 1 : 0);
    // 0 while the datasource answers in time, so that dashboards and alerts see a series, not a gap.
    SelfMetric.DATASOURCE_TIMEOUT.add(batch, labels, 0);
    health.emit(batch, labels, true);
    emitInfo(batch);
    guarded.emitFiles(batch, labels);
    return batch.seal();
  }

  /**
   * Runs the plan and the stateful collectors on the scrape's connection. A collector whose query
   * loses the connection fails alone; the next one runs on a new connection ({@link
   * ScrapeSession}). The scrape is cut short only by the deadline or when no new connection can
   * be had.
   */
  private DatasourceHealth.Outcomes runPlan(
      ScrapeSession conn, Deadline deadline, SampleBatch batch) {
    DatasourceHealth.Outcomes outcomes = new DatasourceHealth.Outcomes();
    long now = System.nanoTime();
    Batching.Prefetched pre =
        batching.prefetch(
            conn,
            deadline,
            plan,
            def -> cache.fresh(def.id(), ResultCache.ttl(def, config), now).isPresent(),
            this::limit,
            this::redact);
    String cutShort = null;
    List<String> failedAlone = new ArrayList<>();
    for (Definition def : plan) {
      if (cutShort == null) {
        cutShort = ready(conn, deadline);
      }
      if (cutShort != null) {
        notRun(def.id(), cutShort, batch, outcomes);
      } else if (!runCollector(conn, def, deadline, pre, batch, failedAlone, outcomes)) {
        cutShort = DEADLINE_PASSED;
      }
    }
    batching.learn(pre, failedAlone, cutShort);
    ServerFacts f = facts;
    for (StatefulCollector c : stateful) {
      if (f == null || !c.applies(f, config)) {
        continue;
      }
      if (cutShort == null) {
        cutShort = ready(conn, deadline);
      }
      if (cutShort != null) {
        notRun(c.id(), cutShort, batch, outcomes);
      } else {
        runStateful(conn, c, deadline, batch, outcomes);
      }
    }
    reportCutShort(cutShort);
    return outcomes;
  }

  /** Null when the next query has a connection (a new one if the last was lost), else why not. */
  private String ready(ScrapeSession conn, Deadline deadline) {
    String why = conn.ready(deadline);
    return why == null ? null : redact(why);
  }

  /**
   * Runs one definition (or serves it from cache).
   *
   * @return false when the rest of this scrape cannot run: the deadline passed
   */
  private boolean runCollector(
      ScrapeSession conn,
      Definition def,
      Deadline deadline,
      Batching.Prefetched pre,
      SampleBatch batch,
      List<String> failedAlone,
      DatasourceHealth.Outcomes outcomes) {
    boolean goOn = true;
    long t0 = System.nanoTime();
    ResultRows prefetched = pre.rows().get(def.id());
    Labels l = SelfMetric.with(labels, "collector", def.id());
    Duration ttl = ResultCache.ttl(def, config);
    Optional<ResultCache.Entry> cached = cache.fresh(def.id(), ttl, t0);
    boolean ok = false;
    if (cached.isPresent()) {
      batch.addAll(cached.get().samples());
      ok = true;
    } else if (prefetched == null && deadline.passed()) {
      notRun(def.id(), DEADLINE_PASSED, batch, outcomes);
      return false;
    } else {
      try {
        ResultRows rows =
            prefetched != null
                ? prefetched
                : conn.session().query(def, deadline.cap(limit(def)));
        SampleBatch own = new SampleBatch();
        Optional<String> problem = map(def, rows, own);
        if (problem.isPresent()) {
          failed(def.id(), reason(def, problem.get()));
        } else {
          own.seal();
          batch.addAll(own);
          if (!ttl.isZero()) {
            cache.put(def.id(), own, System.nanoTime());
          }
          ok = true;
          recovered(def.id());
        }
      } catch (Exception e) {
        if (engine.classify(e) == ErrorKind.TIMEOUT || deadline.passed()) {
          timeout(def.id());
        } else if (pre.failed()) {
          failedAlone.add(def.id());
        }
        failed(def.id(), reason(def, redact(message(e))));
        if (engine.connectionLost(e)) {
          conn.lost();
        }
        goOn = !deadline.passed();
      }
    }
    if (ok) {
      outcomes.success();
    } else {
      outcomes.failure(def.id(), failing.getOrDefault(def.id(), "failed"));
    }
    long spent = System.nanoTime() - t0 + (prefetched != null ? pre.sharePerCollector() : 0);
    if (def.limits().guarded()) {
      guarded.emit(batch, l, def.id());
    }
    SelfMetric.COLLECTOR_SUCCESS.add(batch, l, ok ? 1 : 0);
    SelfMetric.COLLECTOR_DURATION.add(batch, l, spent / 1e9);
    SelfMetric.COLLECTOR_ERRORS.add(batch, l, counter(collectorErrors, def.id()).sum());
    SelfMetric.COLLECTOR_TIMEOUTS.add(batch, l, counter(collectorTimeouts, def.id()).sum());
    if (!ttl.isZero()) {
      double age = cached.map(c -> c.age(t0).toNanos() / 1e9).orElse(0.0);
      SelfMetric.COLLECTOR_CACHE_AGE.add(batch, l, age);
    }
    return goOn;
  }

  /** A definition's query timeout: its own, capped by the datasource's {@code queryTimeout}. */
  private Duration limit(Definition def) {
    return def.timeout().compareTo(config.queryTimeout()) < 0 ? def.timeout() : config.queryTimeout();
  }

  /** Rows to samples; guarded (custom) definitions are judged and limited on the way. */
  private Optional<String> map(Definition def, ResultRows rows, SampleBatch out) {
    if (def.limits().guarded()) {
      return guarded.map(def, rows, labels, out);
    }
    RowMapper.Result r = mapper.map(def, rows, labels, out);
    return r.missingColumns().isEmpty()
        ? Optional.empty()
        : Optional.of("the result has no column " + String.join(", ", r.missingColumns()));
  }

  /** A failure reason; for a custom collector with the file, line and metric it comes from. */
  private String reason(Definition def, String reason) {
    return def.limits().guarded() ? guarded.describe(def, reason) : reason;
  }

  static final String DEADLINE_PASSED = "the scrape deadline passed";

  /**
   * A collector this scrape could not start: counted as failed (and as a timeout when the deadline
   * is why), but logged once for the whole scrape by {@link #reportCutShort}, not once each.
   */
  private void notRun(
      String id, String why, SampleBatch batch, DatasourceHealth.Outcomes outcomes) {
    counter(collectorErrors, id).increment();
    outcomes.failure(id, why);
    if (why.equals(DEADLINE_PASSED)) {
      timeout(id);
    }
    Labels l = SelfMetric.with(labels, "collector", id);
    SelfMetric.COLLECTOR_SUCCESS.add(batch, l, 0);
    SelfMetric.COLLECTOR_DURATION.add(batch, l, 0);
    SelfMetric.COLLECTOR_ERRORS.add(batch, l, counter(collectorErrors, id).sum());
    SelfMetric.COLLECTOR_TIMEOUTS.add(batch, l, counter(collectorTimeouts, id).sum());
  }

  private void reportCutShort(String why) {
    String before = cutShortReason;
    cutShortReason = why;
    if (why != null && !why.equals(before)) {
      log.warn("scrape cut short: {}; the remaining collectors did not run", why);
    } else if (why == null && before != null) {
      log.info("scrapes complete again");
    }
  }

  private void runStateful(
      ScrapeSession conn,
      StatefulCollector c,
      Deadline deadline,
      SampleBatch batch,
      DatasourceHealth.Outcomes outcomes) {
    long t0 = System.nanoTime();
    boolean ok = false;
    if (deadline.passed()) {
      timeout(c.id());
      failed(c.id(), "scrape deadline passed before the collector could start");
    } else {
      try {
        SampleBatch own = new SampleBatch();
        c.collect(conn.session(), deadline, labels, own);
        batch.addAll(own);
        ok = true;
        recovered(c.id());
      } catch (Exception e) {
        if (engine.classify(e) == ErrorKind.TIMEOUT || deadline.passed()) {
          timeout(c.id());
        }
        failed(c.id(), redact(message(e)));
        if (engine.connectionLost(e)) {
          conn.lost();
        }
      }
    }
    if (ok) {
      outcomes.success();
    } else {
      outcomes.failure(c.id(), failing.getOrDefault(c.id(), "failed"));
    }
    Labels l = SelfMetric.with(labels, "collector", c.id());
    SelfMetric.COLLECTOR_SUCCESS.add(batch, l, ok ? 1 : 0);
    SelfMetric.COLLECTOR_DURATION.add(batch, l, (System.nanoTime() - t0) / 1e9);
    SelfMetric.COLLECTOR_ERRORS.add(batch, l, counter(collectorErrors, c.id()).sum());
    SelfMetric.COLLECTOR_TIMEOUTS.add(batch, l, counter(collectorTimeouts, c.id()).sum());
  }

  /** The stateful collectors of this datasource (query analytics), for the HTTP API. */
  public List<StatefulCollector> statefulCollectors() {
    return stateful;
  }

  private static LongAdder counter(Map<String, LongAdder> m, String id) {
    return m.computeIfAbsent(id, k -> new LongAdder());
  }

  private void timeout(String id) {
    counter(collectorTimeouts, id).increment();
  }

  private void failed(String id, String reason) {
    counter(collectorErrors, id).increment();
    String before = failing.put(id, reason);
    if (!reason.equals(before)) {
      log.warn("collector {} failed: {}", id, reason);
    }
  }

  private void recovered(String id) {
    if (failing.remove(id) != null) {
      log.info("collector {} recovered", id);
    }
  }

  /**
   * Health check: connect, ping and re-read the server facts (a restart or failover changes the
   * plan). Runs on the datasource's own schedule, also while the circuit is open: it is what
   * closes it.
   */
  public void check() {
    if (!config.enabled()) {
      return;
    }
    MDC.put("datasource", config.name());
    try (Session s = target.open(config.connectTimeout())) {
      s.ping(config.connectTimeout());
      refreshFacts(s, config.queryTimeout());
      health.reachable();
    } catch (Exception e) {
      health.unreachable(e, redact(message(e)));
    } finally {
      MDC.remove("datasource");
    }
  }

  private void refreshFacts(Session s, Duration timeout) throws Exception {
    ServerFacts f = s.facts(timeout);
    ServerFacts old = facts;
    if (!f.equals(old)) {
      plan = planner.plan(definitions, f, config);
      cache.invalidate();
      batching.reset();
      facts = f;
      if (old == null) {
        log.info("connected to {} {} ({}), {} collectors planned", engine.id(), f.version(), role(f), plan.size());
      } else {
        log.info(
            "server changed ({} {} -> {} {}), plan recomputed: {} collectors",
            old.version(), role(old), f.version(), role(f), plan.size());
      }
    }
  }

  private static String role(ServerFacts f) {
    return f.role().name().toLowerCase(Locale.ROOT);
  }

  private void emitInfo(SampleBatch batch) {
    ServerFacts f = facts;
    Labels info = SelfMetric.with(labels, "engine", config.engineAlias());
    info = SelfMetric.with(info, "server_version", f == null ? "" : f.version().toString());
    info = SelfMetric.with(info, "server_role", f == null ? "unknown" : role(f));
    SelfMetric.DATASOURCE_INFO.add(batch, info, 1);
    int held = target.connectionsHeld();
    if (held >= 0) {
      SelfMetric.DATASOURCE_CONNECTIONS.add(batch, labels, held);
    }
  }

  /** A readable reason: the innermost useful message, never a stack trace. */
  static String message(Throwable e) {
    Throwable t = e;
    String msg = null;
    while (t != null) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        msg = t.getMessage();
      }
      if (t.getCause() == null || t.getCause() == t) {
        break;
      }
      t = t.getCause();
    }
    String m = msg == null ? e.getClass().getSimpleName() : msg;
    return m.lines().findFirst().orElse(m).strip();
  }

  /** Removes the password, should a driver ever echo it back in an error. */
  String redact(String s) {
    return redact(s, config);
  }

  private static String redact(String s, DatasourceConfig config) {
    String pw = config.password().reveal();
    return pw.length() < 3 ? s : s.replace(pw, "******");
  }

  /** One readable line for a failure of this datasource, without stack trace or password. */
  public static String describeFailure(Throwable e, DatasourceConfig config) {
    return redact(message(e), config);
  }

  /**
   * Whether {@code other} would monitor the same thing the same way: same engine, same settings.
   * A reload keeps this instance (and its pool and history) when it does.
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
  }
}
