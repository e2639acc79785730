package io.dbscope.core.scrape;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.definition.Definition;
import io.dbscope.core.engine.Engine;
import io.dbscope.core.engine.ResultRows;
import io.dbscope.core.engine.RowMapper;
import io.dbscope.core.engine.ServerFacts;
import io.dbscope.core.engine.Session;
import io.dbscope.core.engine.Target;
import io.dbscope.core.metrics.MetricType;
import io.dbscope.core.metrics.SampleBatch;
import io.prometheus.metrics.model.snapshots.Labels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One configured datasource at run time: its target (pool), what is known about its server, its
 * plan and its health. {@link #collect} runs the plan on one borrowed connection and never throws:
 * a failed connection is {@code up=0}, a failed collector is {@code success=0} with no samples,
 * and the rest carries on.
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
  private final Map<String, LongAdder> collectorErrors = new ConcurrentHashMap<>();
  private final Map<String, String> failing = new ConcurrentHashMap<>();
  private volatile ServerFacts facts;
  private volatile List<Definition> plan = List.of();
  private volatile HealthState health;
  private volatile String lastError = "";

  public MonitoredDatasource(DatasourceConfig config, Engine engine, Target target) {
    this.config = config;
    this.engine = engine;
    this.target = target;
    this.labels = constLabels(config);
    this.health = config.enabled() ? HealthState.UNKNOWN : HealthState.DISABLED;
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

  public HealthState health() {
    return health;
  }

  public String lastError() {
    return lastError;
  }

  /** Server facts, or empty before the first successful connection. */
  public java.util.Optional<ServerFacts> facts() {
    return java.util.Optional.ofNullable(facts);
  }

  public List<Definition> plan() {
    return plan;
  }

  public int connectionsHeld() {
    return target.connectionsHeld();
  }

  /** Runs the plan within the deadline; never throws. */
  public SampleBatch collect(Deadline deadline) {
    SampleBatch batch = new SampleBatch();
    if (!config.enabled()) {
      emitState(batch);
      return batch.seal();
    }
    MDC.put("datasource", config.name());
    long start = System.nanoTime();
    boolean up = false;
    try (Session session = target.open(deadline.cap(config.connectTimeout()))) {
      if (facts == null) {
        refreshFacts(session, deadline.cap(config.queryTimeout()));
      }
      up = true;
      markReachable();
      for (Definition def : plan) {
        runCollector(session, def, deadline, batch);
      }
    } catch (Exception e) {
      markUnreachable(e);
    } finally {
      MDC.remove("datasource");
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    batch.add(engine.upMetric(), MetricType.GAUGE, engine.upHelp(), labels, up ? 1 : 0);
    batch.add(
        "dbscope_datasource_up",
        MetricType.GAUGE,
        "Whether dbscope could connect to the datasource in this scrape (1 for yes, 0 for no).",
        labels,
        up ? 1 : 0);
    batch.add(
        "dbscope_datasource_scrape_duration_seconds",
        MetricType.GAUGE,
        "Time spent collecting this datasource in this scrape.",
        labels,
        seconds);
    emitState(batch);
    emitInfo(batch);
    return batch.seal();
  }

  private void runCollector(Session session, Definition def, Deadline deadline, SampleBatch batch) {
    long t0 = System.nanoTime();
    boolean ok = false;
    Duration limit = def.timeout().compareTo(config.queryTimeout()) < 0 ? def.timeout() : config.queryTimeout();
    if (deadline.passed()) {
      failed(def, "scrape deadline passed before the collector could start");
    } else {
      try {
        ResultRows rows = session.query(def, deadline.cap(limit));
        SampleBatch own = new SampleBatch();
        RowMapper.Result r = mapper.map(def, rows, labels, own);
        if (!r.missingColumns().isEmpty()) {
          failed(def, "the result has no column " + String.join(", ", r.missingColumns()));
        } else {
          batch.addAll(own);
          ok = true;
          recovered(def);
        }
      } catch (Exception e) {
        failed(def, redact(message(e)));
      }
    }
    Labels l = labels.add("collector", def.id());
    batch.add(
        "dbscope_collector_success",
        MetricType.GAUGE,
        "Whether the collector succeeded in this scrape (1 for yes, 0 for no).",
        l,
        ok ? 1 : 0);
    batch.add(
        "dbscope_collector_duration_seconds",
        MetricType.GAUGE,
        "Time the collector took in this scrape.",
        l,
        (System.nanoTime() - t0) / 1e9);
    batch.add(
        "dbscope_collector_errors_total",
        MetricType.COUNTER,
        "Collector runs that failed since dbscope started.",
        l,
        collectorErrors.computeIfAbsent(def.id(), k -> new LongAdder()).sum());
  }

  private void failed(Definition def, String reason) {
    collectorErrors.computeIfAbsent(def.id(), k -> new LongAdder()).increment();
    String before = failing.put(def.id(), reason);
    if (!reason.equals(before)) {
      log.warn("collector {} failed: {}", def.id(), reason);
    }
  }

  private void recovered(Definition def) {
    if (failing.remove(def.id()) != null) {
      log.info("collector {} recovered", def.id());
    }
  }

  /**
   * Health check: connect, ping and re-read the server facts (a restart or failover changes the
   * plan). Called on the datasource's own schedule.
   */
  public void check() {
    if (!config.enabled()) {
      return;
    }
    MDC.put("datasource", config.name());
    try (Session s = target.open(config.connectTimeout())) {
      s.ping(config.connectTimeout());
      refreshFacts(s, config.queryTimeout());
      markReachable();
    } catch (Exception e) {
      markUnreachable(e);
    } finally {
      MDC.remove("datasource");
    }
  }

  private void refreshFacts(Session s, Duration timeout) throws Exception {
    ServerFacts f = s.facts(timeout);
    ServerFacts old = facts;
    if (!f.equals(old)) {
      plan = planner.plan(engine.definitions(), f, config);
      facts = f;
      if (old == null) {
        log.info(
            "connected to {} {} ({}), {} collectors planned",
            engine.id(),
            f.version(),
            f.role().name().toLowerCase(java.util.Locale.ROOT),
            plan.size());
      } else {
        log.info("server changed ({} -> {}), plan recomputed: {} collectors", describe(old), describe(f), plan.size());
      }
    }
  }

  private static String describe(ServerFacts f) {
    return f.version() + " " + f.role().name().toLowerCase(java.util.Locale.ROOT);
  }

  private void markReachable() {
    HealthState before = health;
    health = HealthState.HEALTHY;
    lastError = "";
    if (before != HealthState.HEALTHY) {
      log.info("datasource is healthy (was {})", before.label());
    }
  }

  private void markUnreachable(Exception e) {
    HealthState before = health;
    String reason = redact(message(e));
    health = HealthState.UNHEALTHY;
    if (before != HealthState.UNHEALTHY || !reason.equals(lastError)) {
      log.warn("datasource is unhealthy: {}", reason);
    }
    lastError = reason;
  }

  private void emitState(SampleBatch batch) {
    for (HealthState s : HealthState.values()) {
      batch.add(
          "dbscope_datasource_health",
          MetricType.GAUGE,
          "Health of the datasource as the periodic check sees it; 1 for the current state.",
          labels.add("state", s.label()),
          s == health ? 1 : 0);
    }
  }

  private void emitInfo(SampleBatch batch) {
    ServerFacts f = facts;
    batch.add(
        "dbscope_datasource_info",
        MetricType.GAUGE,
        "Static facts about the datasource and its server; always 1.",
        labels
            .add("engine", config.engineAlias())
            .add("server_version", f == null ? "" : f.version().toString())
            .add("role", f == null ? "unknown" : f.role().name().toLowerCase(java.util.Locale.ROOT)),
        1);
    int held = target.connectionsHeld();
    if (held >= 0) {
      batch.add(
          "dbscope_datasource_connections",
          MetricType.GAUGE,
          "Connections dbscope holds to the datasource (active plus idle).",
          labels,
          held);
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
    String pw = config.password().reveal();
    return pw.length() < 3 ? s : s.replace(pw, "******");
  }

  @Override
  public void close() {
    target.close();
  }
}
