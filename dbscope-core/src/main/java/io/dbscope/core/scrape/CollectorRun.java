package io.dbscope.core.scrape;

import io.dbscope.core.engine.Engine;
import io.dbscope.core.metrics.SampleBatch;
import io.dbscope.core.metrics.SelfMetric;
import io.prometheus.metrics.model.snapshots.Labels;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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
  private final Map<String, Track> tracks = new ConcurrentHashMap<>();

  /** Scrapes begun; the collections of one datasource run one at a time. */
  private long scrape;

  /**
   * What one collector keeps between scrapes, in one object: five maps keyed by collector (with a
   * {@code LongAdder} per counter and a record and two {@code Instant}s per last run) held 10 KB of
   * every Redis datasource's live heap for its 26 collectors, this 5 KB (docs/benchmarks.md).
   */
  private static final class Track {
    final Labels labels;
    private long errors;
    private long timeouts;

    /** Why it fails, null while it works. */
    private String failing;

    /** The last run, for {@link #status}: when, in epoch milliseconds (0: not yet), and how. */
    private long at;

    private long success;
    private double seconds;
    private double cacheAge;
    private String why = "";

    /** The scrape ({@link #begin}) it last ran or was cut short in, and whether it ran and how. */
    private long scrape;

    private boolean ran;
    private boolean ok;

    Track(Labels labels) {
      this.labels = labels;
    }

    synchronized long errors() {
      return errors;
    }

    synchronized long timeouts() {
      return timeouts;
    }

    /** Counts a run that did not start; why it fails stays as it was. */
    synchronized void notRun() {
      errors++;
    }

    synchronized void timedOut() {
      timeouts++;
    }

    synchronized String failing() {
      return failing == null ? "failed" : failing;
    }

    /** Counts a failure; the reason it replaced, or null. */
    synchronized String failed(String reason) {
      errors++;
      String before = failing;
      failing = reason;
      return before;
    }

    /** Whether it was failing. */
    synchronized boolean recovered() {
      boolean was = failing != null;
      failing = null;
      return was;
    }

    /** This scrape's outcome, written out by {@link CollectorRun#emit}. */
    synchronized void mark(long scrape, boolean ran, boolean ok) {
      this.scrape = scrape;
      this.ran = ran;
      this.ok = ok;
    }

    synchronized void remember(boolean ok, double seconds, double cacheAge, String why) {
      at = System.currentTimeMillis();
      if (ok) {
        success = at;
      }
      this.seconds = seconds;
      this.cacheAge = cacheAge;
      this.why = ok ? "" : why;
    }

    synchronized CollectorStatus status(String id, String kind) {
      if (at == 0) {
        return new CollectorStatus(
            id, kind, true, "", null, null, Double.NaN, Double.NaN, errors, "");
      }
      return new CollectorStatus(
          id, kind, true, "", instant(at), instant(success), seconds, cacheAge, errors, why);
    }

    private static Instant instant(long epochMillis) {
      return epochMillis == 0 ? null : Instant.ofEpochMilli(epochMillis);
    }
  }

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
    Track t = track(c.id());
    Optional<ResultCache.Entry> cached = cache.fresh(c.id(), c.ttl(), t0);
    if (cached.isEmpty() && prefetchShare < 0 && step.deadline().passed()) {
      notRun(c.id(), DEADLINE_PASSED, outcomes);
      return Ran.NOT_RUN;
    }
    Ran ran = cached.isPresent() ? Ran.OK : collect(c, t, step, batch);
    if (cached.isPresent()) {
      batch.addAll(cached.get().samples());
    }
    long spent = System.nanoTime() - t0 + Math.max(0, prefetchShare);
    if (ran == Ran.OK) {
      outcomes.success(c.id(), spent / 1e9);
    } else {
      outcomes.failure(c.id(), t.failing(), spent / 1e9);
    }
    double cacheAge =
        c.ttl().isZero() ? Double.NaN : cached.map(e -> e.age(t0).toNanos() / 1e9).orElse(0.0);
    t.remember(ran == Ran.OK, spent / 1e9, cacheAge, t.failing());
    t.mark(scrape, true, ran == Ran.OK);
    return ran;
  }

  /** Starts a scrape: the collectors run or cut short from now on are the ones {@link #emit}s. */
  void begin() {
    scrape++;
  }

  /**
   * Writes the self-metrics of the collectors that ran or were cut short in this scrape, in the
   * order of {@code byId}: their label sets differ in {@code collector} alone, so written by id
   * their families come in the order the exposition sorts them in, and a fleet's datasources (which
   * have no order memo) find them in order instead of sorting seven families each.
   *
   * @param byId the plan's collectors by id
   */
  void emit(SampleBatch batch, List<PlannedCollector> byId) {
    for (PlannedCollector c : byId) {
      Track t = tracks.get(c.id());
      if (t == null) {
        continue;
      }
      synchronized (t) {
        if (t.scrape != scrape) {
          continue;
        }
        if (t.ran) {
          c.emitCounters(batch, t.labels);
        }
        emit(batch, t, t.ok, t.seconds); // 0 s for one cut short, as notRun remembered
        if (t.ran && !c.ttl().isZero()) {
          SelfMetric.COLLECTOR_CACHE_AGE.add(batch, t.labels, t.cacheAge);
        }
      }
    }
  }

  private Ran collect(PlannedCollector c, Track t, PlannedCollector.Step step, SampleBatch batch) {
    try {
      SampleBatch own = new SampleBatch();
      Optional<String> problem = c.collect(step, own);
      if (problem.isPresent()) {
        failed(c.id(), t, c.describe(problem.get()));
        return Ran.REFUSED;
      }
      if (c.ttl().isZero()) {
        own.seal();
      } else {
        // Ordered once, here, for every scrape that serves it from the cache: held as columns, and
        // taken into the datasource's batch in that order (SampleBatch.order), not sorted again
        // each scrape.
        own.order();
      }
      batch.addAll(own);
      if (!c.ttl().isZero()) {
        cache.put(c.id(), own, System.nanoTime(), c.ttl());
      }
      if (t.recovered()) {
        log.info("collector {} recovered", c.id());
      }
      return Ran.OK;
    } catch (Exception e) {
      boolean timedOut = engine.classify(e) == ErrorKind.TIMEOUT || step.deadline().passed();
      if (timedOut) {
        t.timedOut();
      }
      failed(c.id(), t, c.describe(text.of(e)));
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
  void notRun(String id, String why, DatasourceHealth.Outcomes outcomes) {
    Track t = track(id);
    t.notRun();
    t.remember(false, 0, Double.NaN, why);
    if (why.equals(DEADLINE_PASSED)) {
      outcomes.cutShort(id, why);
      t.timedOut();
    } else {
      outcomes.failure(id, why, 0);
    }
    t.mark(scrape, false, false);
  }

  /**
   * The collector's state, with the datasource's labels plus {@code collector}, made once per
   * collector: building a label set (client_java sorts and validates it) for each collector at each
   * scrape was a percent of a scrape. Bounded by the collectors of the datasource's plan.
   */
  private Track track(String id) {
    return tracks.computeIfAbsent(id, k -> new Track(SelfMetric.with(labels, "collector", k)));
  }

  /** How the planned collector {@code id} last ran. */
  CollectorStatus status(String id, String kind) {
    Track t = tracks.get(id);
    return t != null
        ? t.status(id, kind)
        : new CollectorStatus(id, kind, true, "", null, null, Double.NaN, Double.NaN, 0, "");
  }

  private static void emit(SampleBatch batch, Track t, boolean ok, double seconds) {
    SelfMetric.COLLECTOR_SUCCESS.add(batch, t.labels, ok ? 1 : 0);
    SelfMetric.COLLECTOR_DURATION.add(batch, t.labels, seconds);
    SelfMetric.COLLECTOR_ERRORS.add(batch, t.labels, t.errors());
    SelfMetric.COLLECTOR_TIMEOUTS.add(batch, t.labels, t.timeouts());
  }

  private static void failed(String id, Track t, String reason) {
    if (!reason.equals(t.failed(reason))) {
      log.warn("collector {} failed: {}", id, reason);
    }
  }
}
