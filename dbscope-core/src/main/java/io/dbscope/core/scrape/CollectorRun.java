package io.dbscope.core.scrape;

import io.dbscope.core.engine.Engine;
import io.dbscope.core.metrics.SampleBatch;
import io.dbscope.core.metrics.SelfMetric;
import io.prometheus.metrics.model.snapshots.Labels;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one collector of a scrape, of any kind ({@link PlannedCollector}), and exports its
 * self-metrics: {@code dbscope_collector_success}, {@code _duration_seconds}, {@code
 * _errors_total}, {@code _timeouts_total} and, for a cached collector, {@code _cache_age_seconds}.
 * A failed collector gives no samples. One instance per datasource: the counters and the failure
 * reasons live as long as it.
 *
 * <p>A failure is logged when it starts or its reason changes, and once when it ends, not on every
 * scrape.
 */
final class CollectorRun {
  private static final Logger log = LoggerFactory.getLogger(MonitoredDatasource.class);
  static final String DEADLINE_PASSED = "the scrape deadline passed";

  /** How one run ended. */
  enum Ran {
    /** Samples given, fresh or from the cache. */
    OK,
    /** The collector answered, but its result was refused (a missing column, a bad custom row). */
    REFUSED,
    /** The query or collector failed, not by a timeout. */
    FAILED,
    /** The query or collector timed out, or failed after the deadline passed. */
    TIMED_OUT,
    /** Not started: the deadline had passed. */
    NOT_RUN
  }

  private final Labels labels;
  private final ResultCache cache;
  private final FailureText text;
  private final Engine engine;
  private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> timeouts = new ConcurrentHashMap<>();
  private final Map<String, String> failing = new ConcurrentHashMap<>();
  private final Map<String, Labels> collectorLabels = new ConcurrentHashMap<>();
  private final Map<String, Last> last = new ConcurrentHashMap<>();

  /** The last run of one collector, for {@link #status}. */
  private record Last(Instant at, Instant success, double seconds, double cacheAge, String why) {}

  /**
   * @param labels the datasource's labels
   * @param cache the datasource's last good results
   * @param text how the datasource tells a failure
   */
  CollectorRun(Labels labels, ResultCache cache, FailureText text, Engine engine) {
    this.engine = engine;
    this.labels = labels;
    this.cache = cache;
    this.text = text;
  }

  /**
   * Runs {@code c}, or serves it from the cache, adding its samples and self-metrics to {@code
   * batch}.
   *
   * @param prefetchShare nanoseconds of the batched statement charged to {@code c} when the batch
   *     read its rows, else -1
   */
  Ran run(
      PlannedCollector c,
      PlannedCollector.Step step,
      long prefetchShare,
      SampleBatch batch,
      DatasourceHealth.Outcomes outcomes) {
    long t0 = System.nanoTime();
    Optional<ResultCache.Entry> cached = cache.fresh(c.id(), c.ttl(), t0);
    if (cached.isEmpty() && prefetchShare < 0 && step.deadline().passed()) {
      notRun(c.id(), DEADLINE_PASSED, batch, outcomes);
      return Ran.NOT_RUN;
    }
    Ran ran = cached.isPresent() ? Ran.OK : collect(c, step, batch);
    if (cached.isPresent()) {
      batch.addAll(cached.get().samples());
    }
    long spent = System.nanoTime() - t0 + Math.max(0, prefetchShare);
    if (ran == Ran.OK) {
      outcomes.success(c.id(), spent / 1e9);
    } else {
      outcomes.failure(c.id(), failing.getOrDefault(c.id(), "failed"), spent / 1e9);
    }
    double cacheAge =
        c.ttl().isZero() ? Double.NaN : cached.map(e -> e.age(t0).toNanos() / 1e9).orElse(0.0);
    remember(c.id(), ran == Ran.OK, spent / 1e9, cacheAge, failing.getOrDefault(c.id(), "failed"));
    Labels l = collectorLabels(c.id());
    c.emitCounters(batch, l);
    emit(batch, l, c.id(), ran == Ran.OK, spent / 1e9);
    if (!c.ttl().isZero()) {
      SelfMetric.COLLECTOR_CACHE_AGE.add(batch, l, cacheAge);
    }
    return ran;
  }

  private Ran collect(PlannedCollector c, PlannedCollector.Step step, SampleBatch batch) {
    try {
      SampleBatch own = new SampleBatch();
      Optional<String> problem = c.collect(step, own);
      if (problem.isPresent()) {
        failed(c.id(), c.describe(problem.get()));
        return Ran.REFUSED;
      }
      own.seal();
      batch.addAll(own);
      if (!c.ttl().isZero()) {
        cache.put(c.id(), own, System.nanoTime());
      }
      recovered(c.id());
      return Ran.OK;
    } catch (Exception e) {
      boolean timedOut = engine.classify(e) == ErrorKind.TIMEOUT || step.deadline().passed();
      if (timedOut) {
        counter(timeouts, c.id()).increment();
      }
      failed(c.id(), c.describe(text.of(e)));
      if (engine.connectionLost(e)) {
        step.conn().lost();
      }
      return timedOut ? Ran.TIMED_OUT : Ran.FAILED;
    }
  }

  /**
   * A collector this scrape could not start: counted as failed (and as a timeout when the deadline
   * is why), but not logged here: the scrape logs once that it was cut short, not once each.
   */
  void notRun(String id, String why, SampleBatch batch, DatasourceHealth.Outcomes outcomes) {
    counter(errors, id).increment();
    outcomes.failure(id, why, 0);
    remember(id, false, 0, Double.NaN, why);
    if (why.equals(DEADLINE_PASSED)) {
      counter(timeouts, id).increment();
    }
    emit(batch, collectorLabels(id), id, false, 0);
  }

  /**
   * The datasource's labels plus {@code collector}, made once per collector: building a label set
   * (client_java sorts and validates it) for each collector at each scrape was a percent of a
   * scrape. Bounded by the collectors of the datasource's plan.
   */
  private Labels collectorLabels(String id) {
    return collectorLabels.computeIfAbsent(id, k -> SelfMetric.with(labels, "collector", k));
  }

  private void remember(String id, boolean ok, double seconds, double cacheAge, String why) {
    Instant now = Instant.now();
    last.compute(
        id,
        (k, before) ->
            new Last(
                now,
                ok ? now : before == null ? null : before.success(),
                seconds,
                cacheAge,
                ok ? "" : why));
  }

  /** How the planned collector {@code id} last ran. */
  CollectorStatus status(String id, String kind) {
    Last l = last.get(id);
    long errs = counter(errors, id).sum();
    if (l == null) {
      return new CollectorStatus(id, kind, true, "", null, null, Double.NaN, Double.NaN, errs, "");
    }
    return new CollectorStatus(
        id, kind, true, "", l.at(), l.success(), l.seconds(), l.cacheAge(), errs, l.why());
  }

  private void emit(SampleBatch batch, Labels l, String id, boolean ok, double seconds) {
    SelfMetric.COLLECTOR_SUCCESS.add(batch, l, ok ? 1 : 0);
    SelfMetric.COLLECTOR_DURATION.add(batch, l, seconds);
    SelfMetric.COLLECTOR_ERRORS.add(batch, l, counter(errors, id).sum());
    SelfMetric.COLLECTOR_TIMEOUTS.add(batch, l, counter(timeouts, id).sum());
  }

  private void failed(String id, String reason) {
    counter(errors, id).increment();
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

  private static LongAdder counter(Map<String, LongAdder> m, String id) {
    return m.computeIfAbsent(id, k -> new LongAdder());
  }
}
