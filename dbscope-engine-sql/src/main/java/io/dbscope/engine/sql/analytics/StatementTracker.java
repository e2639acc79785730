package io.dbscope.engine.sql.analytics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The history of one datasource's statement statistics: the previous values of every tracked
 * fingerprint, and from them per-collection deltas that are never negative.
 *
 * <p>For each fingerprint read, the delta is:
 *
 * <ul>
 *   <li>on the first collection, zero: it is the baseline, and what ran before dbscope watched is
 *       not counted, so that a restart of dbscope is an ordinary counter reset for Prometheus;
 *   <li>after a server restart ({@link StatsEpoch#serverStart} changed): zero for known
 *       fingerprints, which are re-baselined;
 *   <li>after a reset of all statistics ({@link StatsEpoch#statsReset} changed) or when the entry's
 *       creation time changed: the values themselves, since the entry was created after the
 *       previous collection;
 *   <li>when any counter went down (reset of that entry, eviction and re-creation by the server):
 *       zero, and the new values become the baseline;
 *   <li>for a fingerprint not seen before: its values (it was created since the previous read),
 *       unless dbscope itself evicted it earlier, in which case it is re-baselined with zero;
 *   <li>else the difference to the previous values.
 * </ul>
 *
 * <p>A tracked fingerprint missing from a read was dropped by the server and is forgotten (a
 * re-created entry then counts from zero, which is exact). Memory is bounded: fingerprints whose
 * counters did not change for {@code evictAfter} are evicted, and above {@code maxTracked} the
 * least recently active are; evicted fingerprints are remembered as 64-bit hashes (at most {@code
 * maxTracked}) so that their old totals are not counted again when they reappear.
 *
 * <p>Not thread-safe: {@link StatementAnalytics} serializes access.
 */
final class StatementTracker {

  /** Why deltas were re-based, the {@code reason} label of {@code …_resets_total}. */
  enum ResetReason {
    SERVER_RESTART,
    STATS_RESET,
    ENTRY_RECREATED,
    COUNTER_DECREASE,
    REAPPEARED;

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Why fingerprints were evicted, the {@code reason} label of {@code …_evicted_total}. */
  enum EvictReason {
    IDLE,
    CAP;

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final StatementSchema schema;
  private final int[] counters;
  private final long evictAfterMillis;
  private final int maxTracked;
  private final int maxText;
  final Map<StatementKey, TrackedStatement> tracked = new HashMap<>();
  final LinkedHashSet<Long> tombstones = new LinkedHashSet<>();
  private final Map<String, String> names = new HashMap<>();
  final Map<ResetReason, Long> resets = new EnumMap<>(ResetReason.class);
  final Map<EvictReason, Long> evictions = new EnumMap<>(EvictReason.class);
  StatsEpoch epoch;
  int generation;

  StatementTracker(StatementSchema schema, AnalyticsSettings settings) {
    this.schema = schema;
    this.counters = schema.counters();
    this.evictAfterMillis = settings.evictAfter().toMillis();
    this.maxTracked = settings.maxTracked();
    this.maxText = settings.queryTextLength();
    for (ResetReason r : ResetReason.values()) {
      resets.put(r, 0L);
    }
    for (EvictReason r : EvictReason.values()) {
      evictions.put(r, 0L);
    }
  }

  boolean knows(StatementKey key) {
    return tracked.containsKey(key);
  }

  boolean isFirst() {
    return generation == 0;
  }

  /**
   * Applies one read of all fingerprints and returns those with a positive delta in any counter;
   * their {@link TrackedStatement#lastDelta} holds it.
   */
  List<TrackedStatement> update(
      long nowMillis, StatsEpoch now, Collection<StatementSnapshot> read) {
    boolean first = generation == 0;
    boolean restart = now.restartedSince(epoch);
    boolean reset = !restart && now.resetSince(epoch);
    if (restart) {
      count(resets, ResetReason.SERVER_RESTART, 1);
    } else if (reset) {
      count(resets, ResetReason.STATS_RESET, 1);
    }
    int gen = ++generation;
    List<TrackedStatement> changed = new ArrayList<>();
    for (StatementSnapshot s : read) {
      if (s.values().length != schema.size()) {
        throw new IllegalArgumentException(
            "snapshot of "
                + s.key()
                + " has "
                + s.values().length
                + " values, not "
                + schema.size());
      }
      TrackedStatement t = tracked.get(s.key());
      if (t != null && t.generation == gen) {
        continue; // the same fingerprint twice in one read: the first wins
      }
      boolean adopt;
      if (t == null) {
        t =
            new TrackedStatement(
                canonical(s.key()),
                s.text(),
                schema.dialect(),
                maxText,
                schema.size(),
                s.since(),
                nowMillis);
        tracked.put(t.key, t);
        if (first) {
          adopt = false; // the baseline: what ran before dbscope watched is not counted
        } else if (reset) {
          adopt = true;
        } else if (tombstones.remove(s.key().hash64())) {
          count(resets, ResetReason.REAPPEARED, 1); // evicted by dbscope earlier: new baseline
          adopt = false;
        } else {
          adopt = true;
        }
      } else if (restart) {
        adopt = false;
        t.last = null;
      } else if (reset) {
        adopt = true;
      } else if (recreated(t, s)) {
        count(resets, ResetReason.ENTRY_RECREATED, 1);
        adopt = true;
      } else if (decreased(t.last, s.values())) {
        count(resets, ResetReason.COUNTER_DECREASE, 1);
        adopt = false;
        t.last = null;
      } else {
        adopt = false;
      }
      boolean positive = delta(t, s.values(), adopt);
      t.last = s.values();
      t.since = s.since();
      t.generation = gen;
      if (positive) {
        t.lastChangedMillis = nowMillis;
        changed.add(t);
      }
    }
    dropVanished(gen);
    evict(nowMillis);
    epoch = now;
    return changed;
  }

  private static boolean recreated(TrackedStatement t, StatementSnapshot s) {
    return !Double.isNaN(t.since) && !Double.isNaN(s.since()) && t.since != s.since();
  }

  private boolean decreased(double[] before, double[] now) {
    for (int i : counters) {
      if (now[i] < before[i]) {
        return true;
      }
    }
    return false;
  }

  /**
   * Sets the counter deltas: the values themselves when adopting, zero when there is no baseline
   * ({@code t.last == null} and not adopting), else the difference.
   */
  private boolean delta(TrackedStatement t, double[] now, boolean adopt) {
    boolean positive = false;
    for (int i : counters) {
      double d;
      if (adopt) {
        d = Math.max(0, now[i]);
      } else if (t.last == null) {
        d = 0;
      } else {
        d = Math.max(0, now[i] - t.last[i]);
      }
      t.lastDelta[i] = d;
      t.sinceStart[i] += d;
      positive |= d > 0;
    }
    return positive;
  }

  private void dropVanished(int gen) {
    Iterator<TrackedStatement> it = tracked.values().iterator();
    while (it.hasNext()) {
      TrackedStatement t = it.next();
      if (t.generation != gen) {
        t.removed = true;
        it.remove();
      }
    }
  }

  private void evict(long nowMillis) {
    Iterator<TrackedStatement> it = tracked.values().iterator();
    while (it.hasNext()) {
      TrackedStatement t = it.next();
      if (nowMillis - t.lastChangedMillis >= evictAfterMillis) {
        bury(t);
        it.remove();
        count(evictions, EvictReason.IDLE, 1);
      }
    }
    int excess = tracked.size() - maxTracked;
    if (excess > 0) {
      List<TrackedStatement> all = new ArrayList<>(tracked.values());
      all.sort(
          (a, b) -> {
            int c = Long.compare(a.lastChangedMillis, b.lastChangedMillis);
            return c != 0
                ? c
                : Double.compare(a.sinceStart[schema.calls()], b.sinceStart[schema.calls()]);
          });
      for (int i = 0; i < excess; i++) {
        TrackedStatement t = all.get(i);
        bury(t);
        tracked.remove(t.key);
        count(evictions, EvictReason.CAP, 1);
      }
    }
  }

  private void bury(TrackedStatement t) {
    t.removed = true;
    tombstones.add(t.key.hash64());
    if (tombstones.size() > maxTracked) {
      Iterator<Long> it = tombstones.iterator();
      it.next();
      it.remove();
    }
  }

  /** The key with database and user names shared between fingerprints. */
  private StatementKey canonical(StatementKey k) {
    return new StatementKey(k.id(), intern(k.database()), intern(k.user()));
  }

  private String intern(String s) {
    String known = names.get(s);
    if (known != null) {
      return known;
    }
    if (names.size() < 10_000) {
      names.put(s, s);
    }
    return s;
  }

  private static <K> void count(Map<K, Long> m, K k, long n) {
    m.merge(k, n, Long::sum);
  }

  TrackedStatement get(StatementKey key) {
    return tracked.get(key);
  }

  Collection<TrackedStatement> all() {
    return Collections.unmodifiableCollection(tracked.values());
  }

  int size() {
    return tracked.size();
  }

  Map<ResetReason, Long> resets() {
    return resets;
  }

  Map<EvictReason, Long> evictions() {
    return evictions;
  }
}
