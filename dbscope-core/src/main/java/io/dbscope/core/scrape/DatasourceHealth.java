package io.dbscope.core.scrape;

import io.dbscope.core.engine.ConnectionsInUse;
import io.dbscope.core.metrics.SampleBatch;
import io.dbscope.core.metrics.SelfMetric;
import io.prometheus.metrics.model.snapshots.Labels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A datasource's health as its scrapes and health checks see it: the state and reason the landing
 * page shows, the circuit breaker of failed connections, and the connection failures by kind.
 *
 * <p>Reachable is not healthy enough: a datasource whose collectors all failed in its last scrape
 * (a broken permission, a server that answers every query with an error) is unhealthy, and its
 * {@code up} is 0, until a collector succeeds again, whatever the health check's ping says. A
 * datasource where only some collectors fail stays healthy: their own {@code
 * dbscope_collector_success} tells.
 *
 * <p>Changes are logged once, when they happen, not on every scrape.
 */
final class DatasourceHealth {
  private static final Logger log = LoggerFactory.getLogger(MonitoredDatasource.class);
  static final Duration BACKOFF_BASE = Duration.ofSeconds(5);
  static final Duration BACKOFF_MAX = Duration.ofMinutes(5);

  private final CircuitBreaker breaker = new CircuitBreaker(BACKOFF_BASE, BACKOFF_MAX);
  private final Map<ErrorKind, LongAdder> connectFailures = new EnumMap<>(ErrorKind.class);
  private volatile HealthState state;
  private volatile String lastError = "";

  private volatile Variants variants;

  /** Why every collector of the last scrape failed; null when one succeeded. */
  private volatile String collectorsFailing;

  private final Function<Throwable, ErrorKind> classify;

  /**
   * @param classify the engine's reading of a failure ({@code Engine.classify})
   */
  DatasourceHealth(boolean enabled, Function<Throwable, ErrorKind> classify) {
    this.classify = classify;
    this.state = enabled ? HealthState.UNKNOWN : HealthState.DISABLED;
    for (ErrorKind k : ErrorKind.values()) {
      connectFailures.put(k, new LongAdder());
    }
  }

  HealthState state() {
    return state;
  }

  String lastError() {
    return lastError;
  }

  /** Whether scrapes skip the datasource for now, after connection failures. */
  boolean circuitOpen(long now) {
    return breaker.isOpen(now);
  }

  /** A scrape connected; its {@link #scraped verdict} follows. */
  void connected() {
    breaker.success();
  }

  /** A health check's ping worked: healthy, unless the last scrape's collectors all failed. */
  void reachable() {
    breaker.success();
    String failing = collectorsFailing;
    if (failing != null) {
      // Connecting works, querying does not: the last scrape's verdict stands.
      setUnhealthy(failing);
    } else {
      setHealthy();
    }
  }

  /** Connecting failed: {@code reason} is the readable, redacted message. */
  void unreachable(Exception e, String reason) {
    unreachable(e, reason, false);
  }

  /**
   * Connecting failed.
   *
   * @param cutByDeadline whether the wait for the connection was shorter than {@code
   *     connectTimeout} because the scrape's deadline came first, and ran out: a timeout then tells
   *     that dbscope started late (a cold start of a large fleet on few cores), not that the
   *     database is slow to accept, which only a wait of the full {@code connectTimeout} (a later
   *     scrape's, or the health check's) may say
   */
  void unreachable(Exception e, String reason, boolean cutByDeadline) {
    if (e instanceof ConnectionsInUse) {
      // dbscope's own connections were all busy (a health check and a scrape at once, on a slow
      // start): nothing was learned about the database.
      log.debug("no free connection: {}", reason);
      return;
    }
    ErrorKind kind = classify.apply(e);
    if (cutByDeadline && kind == ErrorKind.TIMEOUT) {
      log.debug("no connection before the scrape's deadline: {}", reason);
      return;
    }
    long now = System.nanoTime();
    breaker.failure(now);
    connectFailures.get(kind).increment();
    HealthState before = state;
    state = HealthState.UNHEALTHY;
    if (before != HealthState.UNHEALTHY || !reason.equals(lastError)) {
      log.warn(
          "datasource is unhealthy ({}): {}; retrying in {} s",
          kind.label(),
          reason,
          breaker.remaining(now).toSeconds());
    }
    lastError = reason;
  }

  /**
   * The verdict of a scrape that connected.
   *
   * @param outcomes what its collectors did
   * @return whether the datasource is up: not every collector that had to run failed
   */
  boolean scraped(Outcomes outcomes) {
    if (outcomes.onlyCutShort()) {
      // Nothing ran: the scrape's own deadline passed first (a cold start of a large fleet on few
      // cores, a connection that came late). Nothing collected, so up is 0, but the database is
      // not to blame for that and its state stays what it was.
      return false;
    }
    if (outcomes.allFailed()) {
      String reason =
          "every collector failed in the last scrape ("
              + outcomes.failed()
              + "); the first: "
              + outcomes.firstFailure();
      collectorsFailing = reason;
      setUnhealthy(reason);
      return false;
    }
    collectorsFailing = null;
    setHealthy();
    return true;
  }

  private void setHealthy() {
    HealthState before = state;
    state = HealthState.HEALTHY;
    lastError = "";
    if (before != HealthState.HEALTHY) {
      log.info("datasource is healthy (was {})", before.label());
    }
  }

  private void setUnhealthy(String reason) {
    HealthState before = state;
    state = HealthState.UNHEALTHY;
    if (before != HealthState.UNHEALTHY || !reason.equals(lastError)) {
      log.warn("datasource is unhealthy: {}", reason);
    }
    lastError = reason;
  }

  /** {@code dbscope_datasource_health} and {@code dbscope_datasource_connect_failures_total}. */
  void emit(SampleBatch batch, Labels labels, boolean withConnectFailures) {
    Variants v = variants;
    if (v == null || v.base() != labels) {
      v = Variants.of(labels);
      variants = v;
    }
    // In the order of their labels, which is the exposition's: a fleet's datasources, which have
    // no order memo, then find both families in order instead of sorting them.
    if (withConnectFailures) {
      for (ErrorKind k : v.reasonOrder()) {
        LongAdder failures = connectFailures.get(k);
        if (failures != null) {
          SelfMetric.DATASOURCE_CONNECT_FAILURES.add(batch, v.reasons().get(k), failures.sum());
        }
      }
    }
    HealthState now = state;
    for (HealthState s : v.stateOrder()) {
      SelfMetric.DATASOURCE_HEALTH.add(batch, v.states().get(s), s == now ? 1 : 0);
    }
  }

  /**
   * The label sets of the states and failure reasons, made once for the datasource's labels ({@code
   * base}), not for every scrape, and both in the order of their labels.
   */
  private record Variants(
      Labels base,
      Map<HealthState, Labels> states,
      Map<ErrorKind, Labels> reasons,
      List<HealthState> stateOrder,
      List<ErrorKind> reasonOrder) {
    static Variants of(Labels base) {
      Map<HealthState, Labels> states = new EnumMap<>(HealthState.class);
      for (HealthState s : HealthState.values()) {
        states.put(s, SelfMetric.with(base, "state", s.label()));
      }
      Map<ErrorKind, Labels> reasons = new EnumMap<>(ErrorKind.class);
      for (ErrorKind k : ErrorKind.values()) {
        reasons.put(k, SelfMetric.with(base, "reason", k.label()));
      }
      return new Variants(
          base,
          states,
          reasons,
          Arrays.stream(HealthState.values())
              .sorted(Comparator.comparing(HealthState::label))
              .toList(),
          Arrays.stream(ErrorKind.values())
              .sorted(Comparator.comparing(ErrorKind::label))
              .toList());
    }
  }

  /** What the collectors of one scrape did; used by that scrape only. */
  static final class Outcomes {
    private final List<Result> results = new ArrayList<>();
    private int succeeded;
    private int failed;
    private int cutShort;
    private String firstFailure = "";
    private String firstFailed = "";

    /** One collector's run in this scrape. */
    record Result(String collector, boolean ok, double seconds) {}

    /** A collector gave samples (also from the cache). */
    void success(String collector, double seconds) {
      succeeded++;
      results.add(new Result(collector, true, seconds));
    }

    /** A collector failed or could not run. */
    void failure(String collector, String reason, double seconds) {
      results.add(new Result(collector, false, seconds));
      if (failed++ == 0) {
        firstFailure = collector + ": " + reason;
        firstFailed = collector;
      }
    }

    /** A collector did not start because the scrape's deadline had passed. */
    void cutShort(String collector, String reason) {
      failure(collector, reason, 0);
      cutShort++;
    }

    int failed() {
      return failed;
    }

    /** Whether every collector failed and none of them ran: the deadline had passed first. */
    boolean onlyCutShort() {
      return allFailed() && cutShort == failed;
    }

    String firstFailure() {
      return firstFailure;
    }

    /** The id of the first collector that failed; empty when none did. */
    String firstFailed() {
      return firstFailed;
    }

    List<Result> results() {
      return results;
    }

    boolean allFailed() {
      return failed > 0 && succeeded == 0;
    }
  }
}
