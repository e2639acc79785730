package io.dbscope.engine.sql.analytics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Which fingerprints get their own Prometheus series, and the totals each series exports.
 *
 * <p>Each collection, the top N fingerprints by delta total time and the top N by delta calls are
 * selected; a selected fingerprint stays exported for the hold window after it was last selected,
 * so that a query hovering around rank N does not make its series appear and vanish every scrape.
 * At most {@code 2 × N} fingerprints are exported: currently selected ones first, then held ones by
 * how recently they were selected.
 *
 * <p>Every exported series sums the deltas of its fingerprint while it is exported, starting with
 * the delta of the collection that selected it; all other deltas go to the one {@code other}
 * series. So the deltas of every collection are counted exactly once, and the exported counters
 * only go up. A series that stops being exported simply ends (Prometheus marks it stale); one that
 * is exported again later starts a new run from its new delta, which {@code rate()} reads as a
 * counter reset.
 */
final class TopSeries {

  /** One exported fingerprint. */
  static final class Series {
    TrackedStatement statement;
    final double[] totals;
    long holdUntilMillis;

    Series(TrackedStatement statement, int size) {
      this.statement = statement;
      this.totals = new double[size];
    }
  }

  private final int topN;
  private final long holdMillis;
  private final int[] counters;
  private final int calls;
  private final int totalTime;
  final Map<StatementKey, Series> exported = new LinkedHashMap<>();
  final double[] other;

  TopSeries(StatementSchema schema, AnalyticsSettings settings) {
    this.topN = settings.topN();
    this.holdMillis = settings.holdWindow().toMillis();
    this.counters = schema.counters();
    this.calls = schema.calls();
    this.totalTime = schema.totalTime();
    this.other = new double[schema.size()];
  }

  /** Selects the exported fingerprints for this collection and adds its deltas to the totals. */
  void apply(long nowMillis, List<TrackedStatement> changed, StatementTracker tracker) {
    Set<TrackedStatement> selected = new LinkedHashSet<>(top(changed, totalTime));
    selected.addAll(top(changed, calls));
    for (TrackedStatement t : selected) {
      Series s = exported.computeIfAbsent(t.key, k -> new Series(t, other.length));
      s.statement = t;
      s.holdUntilMillis = nowMillis + holdMillis;
    }
    expire(nowMillis, tracker);
    limit(selected);
    for (TrackedStatement t : changed) {
      Series s = exported.get(t.key);
      double[] into = s != null ? s.totals : other;
      for (int i : counters) {
        into[i] += t.lastDelta[i];
      }
    }
    for (Series s : exported.values()) {
      s.statement.exported = true;
    }
  }

  private List<TrackedStatement> top(List<TrackedStatement> changed, int field) {
    Comparator<TrackedStatement> order =
        Comparator.<TrackedStatement>comparingDouble(t -> t.lastDelta[field])
            .thenComparing(t -> t.key.id());
    PriorityQueue<TrackedStatement> q = new PriorityQueue<>(topN + 1, order);
    for (TrackedStatement t : changed) {
      if (t.lastDelta[field] <= 0) {
        continue;
      }
      q.add(t);
      if (q.size() > topN) {
        q.poll();
      }
    }
    List<TrackedStatement> out = new ArrayList<>(q);
    out.sort(order.reversed());
    return out;
  }

  /** Ends series past their hold, and those whose fingerprint the tracker no longer has. */
  private void expire(long nowMillis, StatementTracker tracker) {
    Iterator<Series> it = exported.values().iterator();
    while (it.hasNext()) {
      Series s = it.next();
      if (s.statement.removed) {
        TrackedStatement again = tracker.get(s.statement.key);
        if (again != null) {
          s.statement = again;
        }
      }
      if (s.holdUntilMillis < nowMillis || s.statement.removed) {
        s.statement.exported = false;
        it.remove();
      }
    }
  }

  /** Keeps at most 2 × N: the selected ones, then the most recently selected of the held ones. */
  private void limit(Set<TrackedStatement> selected) {
    int excess = exported.size() - 2 * topN;
    if (excess <= 0) {
      return;
    }
    List<Series> held = new ArrayList<>();
    for (Series s : exported.values()) {
      if (!selected.contains(s.statement)) {
        held.add(s);
      }
    }
    held.sort(Comparator.comparingLong(s -> s.holdUntilMillis));
    for (int i = 0; i < excess && i < held.size(); i++) {
      Series s = held.get(i);
      s.statement.exported = false;
      exported.remove(s.statement.key);
    }
  }

  Collection<Series> exported() {
    return exported.values();
  }

  double[] other() {
    return other;
  }
}
