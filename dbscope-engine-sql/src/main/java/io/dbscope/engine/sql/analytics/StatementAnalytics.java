package io.dbscope.engine.sql.analytics;

import io.dbscope.core.metrics.MetricType;
import io.dbscope.core.metrics.SampleBatch;
import io.dbscope.sql.StatementKind;
import io.prometheus.metrics.model.snapshots.Labels;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Query analytics of one datasource, engine-neutral: a {@link StatementTracker} for deltas, a
 * {@link TopSeries} for bounded series, and read/write/other counters. The engine's collector reads
 * the server and calls {@link #update}; every scrape then calls {@link #export}, which writes the
 * same totals until the next update, so that counters stay continuous between reads.
 *
 * <p>Metrics (with the datasource's labels; {@code P} is the schema's prefix, e.g. {@code
 * pg_query}):
 *
 * <ul>
 *   <li>per exported fingerprint and for {@code <idLabel>="other"}: every counter field (only
 *       counters for {@code other}); per exported fingerprint also the gauge fields and derived
 *       gauges;
 *   <li>{@code <statementsMetric>{kind}} counter: calls by read/write/other;
 *   <li>{@code P_tracked_fingerprints}, {@code P_exported_series}, {@code P_dropped_series} gauges;
 *   <li>{@code P_evicted_total{reason="idle|cap"}} and {@code P_resets_total{reason}} counters.
 * </ul>
 *
 * <p>Thread-safe: the collection thread updates and exports, the HTTP API reads {@link #statements}
 * concurrently; all three take this object's lock (an update of 10,000 fingerprints holds it for
 * milliseconds).
 */
public final class StatementAnalytics {
  final StatementSchema schema;
  private final AnalyticsSettings settings;
  final StatementTracker tracker;
  final TopSeries series;
  final Map<StatementKind, Double> kinds = new EnumMap<>(StatementKind.class);
  private final IntervalRecords records;
  boolean updated;

  /** Analytics whose interval records go nowhere. */
  public StatementAnalytics(StatementSchema schema, AnalyticsSettings settings) {
    this(schema, settings, "", "", StatementRecordSink.DISCARD);
  }

  /**
   * Analytics that hand one {@link StatementInterval} per changed fingerprint and read to {@code
   * records}.
   *
   * @param datasource the datasource name the records carry
   * @param engine the engine id the records carry ({@code postgres})
   */
  public StatementAnalytics(
      StatementSchema schema,
      AnalyticsSettings settings,
      String datasource,
      String engine,
      StatementRecordSink records) {
    this.schema = schema;
    this.records = new IntervalRecords(schema, datasource, engine, records);
    this.settings = settings;
    this.tracker = new StatementTracker(schema, settings);
    this.series = new TopSeries(schema, settings);
    for (StatementKind k : StatementKind.values()) {
      kinds.put(k, 0.0);
    }
  }

  public StatementSchema schema() {
    return schema;
  }

  /** Whether the fingerprint is tracked, so that the collector reads its text only when new. */
  public synchronized boolean knows(StatementKey key) {
    return tracker.knows(key);
  }

  /** Whether no read was applied yet (the collector then reads all texts in one pass). */
  public synchronized boolean isEmpty() {
    return tracker.isFirst();
  }

  /** Applies one complete read of the server's statement statistics. */
  public synchronized void update(
      long nowMillis, StatsEpoch epoch, Collection<StatementSnapshot> read) {
    List<TrackedStatement> changed = tracker.update(nowMillis, epoch, read);
    series.apply(nowMillis, changed, tracker);
    int calls = schema.calls();
    for (TrackedStatement t : changed) {
      kinds.merge(t.kind, t.lastDelta[calls], Double::sum);
    }
    records.emit(nowMillis, changed);
    updated = true;
  }

  /**
   * The whole history (baselines, per-fingerprint sums, exported series), for another dbscope
   * instance to continue from when the datasource moves (cluster mode); see {@link AnalyticsState}.
   */
  public synchronized byte[] exportState() {
    return AnalyticsState.write(this);
  }

  /**
   * Replaces the history with one from {@link #exportState}; empty or unreadable bytes forget
   * everything, so that the next read is a new baseline as after a restart.
   */
  public synchronized void restoreState(byte[] bytes) {
    AnalyticsState.read(this, bytes);
  }

  /** Writes the current totals; nothing before the first update. */
  public synchronized void export(Labels labels, SampleBatch out) {
    if (!updated) {
      return;
    }
    List<StatementField> fields = schema.fields();
    for (TopSeries.Series s : series.exported()) {
      StatementKey k = s.statement.key;
      Labels l = fingerprintLabels(labels, k.id(), k.database(), k.user());
      for (int i = 0; i < fields.size(); i++) {
        StatementField f = fields.get(i);
        if (f.isCounter()) {
          out.add(f.metric(), MetricType.COUNTER, f.help(), l, s.totals[i]);
        } else {
          out.add(f.metric(), MetricType.GAUGE, f.help(), l, s.statement.last[i]);
        }
      }
      for (StatementSchema.Derived d : schema.derived()) {
        double v = d.value().applyAsDouble(s.statement.last);
        if (Double.isFinite(v)) {
          out.add(d.metric(), MetricType.GAUGE, d.help(), l, v);
        }
      }
    }
    Labels other = fingerprintLabels(labels, "other", "", "");
    double[] o = series.other();
    for (int i = 0; i < fields.size(); i++) {
      StatementField f = fields.get(i);
      if (f.isCounter()) {
        out.add(f.metric(), MetricType.COUNTER, f.help(), other, o[i]);
      }
    }
    for (StatementKind k : StatementKind.values()) {
      out.add(
          schema.statementsMetric(),
          MetricType.COUNTER,
          "Statements executed, by kind (read, write, other) from the leading keyword.",
          labels.add("kind", k.label()),
          kinds.get(k));
    }
    int exported = series.exported().size();
    gauge(
        out,
        labels,
        "tracked_fingerprints",
        "Statement fingerprints dbscope tracks.",
        tracker.size());
    gauge(
        out,
        labels,
        "exported_series",
        "Fingerprints exported with their own series (the other series not counted).",
        exported);
    gauge(
        out,
        labels,
        "dropped_series",
        "Tracked fingerprints without their own series, summed into the other series.",
        Math.max(0, tracker.size() - exported));
    for (var e : tracker.evictions().entrySet()) {
      out.add(
          schema.metric("evicted_total"),
          MetricType.COUNTER,
          "Fingerprints dbscope stopped tracking: idle for evictAfter, or above maxTracked.",
          labels.add("reason", e.getKey().label()),
          e.getValue());
    }
    for (var e : tracker.resets().entrySet()) {
      out.add(
          schema.metric("resets_total"),
          MetricType.COUNTER,
          "Statistics resets detected; server_restart and stats_reset count once, the others per"
              + " fingerprint re-baselined.",
          labels.add("reason", e.getKey().label()),
          e.getValue());
    }
  }

  private Labels fingerprintLabels(Labels labels, String id, String database, String user) {
    Labels l = labels.add(schema.idLabel(), id).add(schema.databaseLabel(), database);
    return schema.userLabel() == null ? l : l.add(schema.userLabel(), user);
  }

  private void gauge(SampleBatch out, Labels labels, String suffix, String help, double v) {
    out.add(schema.metric(suffix), MetricType.GAUGE, help, labels, v);
  }

  /** See {@link StatementSource#statements}. */
  public synchronized List<StatementView> statements(String sort, int limit) {
    if (sort == null || !StatementSource.SORT_KEYS.contains(sort.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException(
          "sort must be one of " + String.join(", ", StatementSource.SORT_KEYS) + ", not " + sort);
    }
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, not " + limit);
    }
    boolean mean = sort.equalsIgnoreCase("mean_time");
    int field = schema.sortField(sort);
    int time = schema.totalTime();
    int calls = schema.calls();
    Comparator<TrackedStatement> order =
        Comparator.<TrackedStatement>comparingDouble(
                t -> mean ? mean(t.last, time, calls) : field < 0 ? 0 : t.last[field])
            .thenComparingDouble(t -> t.last[time])
            .reversed()
            .thenComparing(t -> t.key.id());
    List<TrackedStatement> all = new ArrayList<>(tracker.all());
    all.sort(order);
    List<StatementView> out = new ArrayList<>(Math.min(limit, all.size()));
    for (int i = 0; i < all.size() && i < limit; i++) {
      out.add(view(all.get(i)));
    }
    return Collections.unmodifiableList(out);
  }

  private static double mean(double[] v, int time, int calls) {
    return v[calls] > 0 ? v[time] / v[calls] : 0;
  }

  private StatementView view(TrackedStatement t) {
    Map<String, Double> stats = new LinkedHashMap<>();
    Map<String, Double> interval = new LinkedHashMap<>();
    Map<String, Double> since = new LinkedHashMap<>();
    List<StatementField> fields = schema.fields();
    for (int i = 0; i < fields.size(); i++) {
      StatementField f = fields.get(i);
      stats.put(f.name(), t.last[i]);
      if (f.isCounter()) {
        interval.put(f.name(), t.lastDelta[i]);
        since.put(f.name(), t.sinceStart[i]);
      }
    }
    stats.putIfAbsent("mean_time_seconds", mean(t.last, schema.totalTime(), schema.calls()));
    String text =
        t.text.length() > settings.queryTextLength()
            ? t.text.substring(0, settings.queryTextLength())
            : t.text;
    return new StatementView(
        t.key.id(),
        t.key.database(),
        schema.userLabel() == null ? null : t.key.user(),
        t.kind.label(),
        text,
        t.textFingerprint == 0 ? "" : io.dbscope.sql.SqlFingerprint.format(t.textFingerprint),
        Collections.unmodifiableMap(stats),
        Collections.unmodifiableMap(interval),
        Collections.unmodifiableMap(since),
        Instant.ofEpochMilli(t.firstSeenMillis).toString(),
        Instant.ofEpochMilli(t.lastChangedMillis).toString(),
        t.exported);
  }
}
