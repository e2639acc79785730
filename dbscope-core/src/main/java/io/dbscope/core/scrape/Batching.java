package io.dbscope.core.scrape;

import io.dbscope.core.definition.Definition;
import io.dbscope.core.engine.Engine;
import io.dbscope.core.engine.ResultRows;
import io.dbscope.core.engine.Session;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A datasource's batching of built-in collectors: where the engine can ({@link Session#batch}), the
 * built-in collectors due in a scrape are read with one statement. A collector that fails on its
 * own is left out of later batches (until the plan changes); a batch that times out, or fails for
 * no collector's fault, is paused for {@link #PAUSE} and the collectors run one by one meanwhile.
 * One instance per datasource, used by one collection at a time.
 */
final class Batching {
  private static final Logger log = LoggerFactory.getLogger(MonitoredDatasource.class);
  static final Duration PAUSE = Duration.ofMinutes(10);

  /** Collectors that failed alone after a batch failed: they run on their own statement. */
  private final Set<String> unbatched = ConcurrentHashMap.newKeySet();

  /** System.nanoTime() until which batching is paused; 0: not paused. */
  private volatile long pausedUntil;

  /** Reads a failed batch's error: a timeout, a broken connection. */
  private final Engine engine;

  Batching(Engine engine) {
    this.engine = engine;
  }

  /**
   * What one batched statement read for a scrape.
   *
   * @param rows results by collector id; empty when nothing was batched
   * @param batched the ids of the collectors the statement was for
   * @param failed whether a batch was tried and failed (its collectors then run one by one)
   * @param timedOut whether that failure was a timeout
   * @param sharePerCollector the batch's time divided among its collectors, in nanoseconds, so that
   *     summing {@code dbscope_collector_duration_seconds} still gives the scrape's time
   */
  record Prefetched(
      Map<String, ResultRows> rows,
      Set<String> batched,
      boolean failed,
      boolean timedOut,
      long sharePerCollector) {
    static final Prefetched NONE = new Prefetched(Map.of(), Set.of(), false, false, 0);

    /** The batch's time charged to a collector whose rows it read; -1 when it did not. */
    long share(String id) {
      return rows.containsKey(id) ? sharePerCollector : -1;
    }

    /** Whether {@code id} was in a batch that failed, so that its own failure tells why. */
    boolean failedFor(String id) {
      return failed && batched.contains(id);
    }
  }

  /** The plan changed: every built-in may join the batch again. */
  void reset() {
    unbatched.clear();
  }

  /**
   * Reads every built-in collector due in this scrape with one statement, if the engine batches and
   * there are at least two. Never throws: a failed batch only means one-by-one this time.
   *
   * @param fresh whether a collector is served from the cache this scrape
   * @param limit a collector's query timeout
   * @param redact makes a failure message safe to log
   */
  Prefetched prefetch(
      ScrapeSession conn,
      Deadline deadline,
      List<Definition> plan,
      Predicate<Definition> fresh,
      Function<Definition, Duration> limit,
      UnaryOperator<String> redact) {
    long now = System.nanoTime();
    long paused = pausedUntil;
    if (paused != 0 && now - paused < 0 || deadline.passed()) {
      return Prefetched.NONE;
    }
    List<Definition> due = new ArrayList<>();
    Duration timeout = null;
    for (Definition def : plan) {
      if (!def.limits().guarded() && !unbatched.contains(def.id()) && !fresh.test(def)) {
        due.add(def);
        Duration l = limit.apply(def);
        timeout = timeout == null || l.compareTo(timeout) < 0 ? l : timeout;
      }
    }
    if (due.size() < 2) {
      return Prefetched.NONE;
    }
    try {
      long before = conn.meanwhile().spentNanos();
      Optional<Map<String, ResultRows>> rows =
          conn.session().batch(due, deadline.cap(timeout), conn.meanwhile());
      // The scrape's own figures, read while the server worked, are not the collectors' time.
      long spent = System.nanoTime() - now - (conn.meanwhile().spentNanos() - before);
      long share = spent / due.size();
      return rows.map(r -> new Prefetched(r, ids(due), false, false, share))
          .orElse(Prefetched.NONE);
    } catch (Exception e) {
      boolean timedOut = engine.classify(e) == ErrorKind.TIMEOUT || deadline.passed();
      log.debug(
          "batched statement failed, collectors run one by one: {}",
          redact.apply(FailureText.message(e)));
      if (engine.connectionLost(e)) {
        conn.lost();
      }
      return new Prefetched(Map.of(), ids(due), true, timedOut, 0);
    }
  }

  private static Set<String> ids(List<Definition> defs) {
    return defs.stream().map(Definition::id).collect(Collectors.toUnmodifiableSet());
  }

  /**
   * After a failed batch: collectors that also failed alone leave the batch for good (until the
   * plan changes); a timeout, or a failure none of them explains, pauses batching.
   *
   * @param failedAlone the collectors of the failed batch that then failed on their own
   * @param complete whether every collector of the batch ran on its own afterwards: a scrape cut
   *     short before they did tells nothing
   */
  void learn(Prefetched pre, List<String> failedAlone, boolean complete) {
    if (!pre.failed() || !complete) {
      return;
    }
    if (!pre.timedOut() && !failedAlone.isEmpty()) {
      unbatched.addAll(failedAlone);
      log.info(
          "collectors {} failed on their own and now run outside the batched statement",
          failedAlone);
      return;
    }
    pausedUntil = System.nanoTime() + PAUSE.toNanos();
    log.warn(
        "the batched statement {}; collectors run one statement each for the next {} min",
        pre.timedOut() ? "timed out" : "failed while each collector alone succeeded",
        PAUSE.toMinutes());
  }
}
