package io.dbscope.engine.sql.analytics;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@link StatementInterval}s of one read from the tracker's deltas and hands them to a
 * {@link StatementRecordSink}. Not thread-safe: {@link StatementAnalytics} calls it under its lock.
 */
final class IntervalRecords {
  private final StatementSchema schema;
  private final String datasource;
  private final String engine;
  private final StatementRecordSink sink;
  private long previousMillis = -1;

  IntervalRecords(
      StatementSchema schema, String datasource, String engine, StatementRecordSink sink) {
    this.schema = schema;
    this.datasource = datasource;
    this.engine = engine;
    this.sink = sink;
  }

  /**
   * Emits one record per changed fingerprint. The first read is the baseline and has no interval
   * (the tracker reports no change then either).
   */
  void emit(long nowMillis, List<TrackedStatement> changed) {
    long previous = previousMillis;
    previousMillis = nowMillis;
    if (previous < 0 || sink == StatementRecordSink.DISCARD) {
      return;
    }
    double seconds = (nowMillis - previous) / 1000.0;
    Instant ts = Instant.ofEpochMilli(nowMillis);
    for (TrackedStatement t : changed) {
      sink.emit(record(ts, seconds, t));
    }
  }

  private StatementInterval record(Instant ts, double seconds, TrackedStatement t) {
    List<StatementField> fields = schema.fields();
    Map<String, Double> values = new LinkedHashMap<>();
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).isCounter()) {
        values.put(fields.get(i).name(), t.lastDelta[i]);
      }
    }
    double calls = t.lastDelta[schema.calls()];
    values.put("mean_time_seconds", calls > 0 ? t.lastDelta[schema.totalTime()] / calls : 0);
    for (int i = 0; i < fields.size(); i++) {
      StatementField f = fields.get(i);
      if (!f.isCounter() && !values.containsKey(f.name())) {
        values.put(f.name(), t.last[i]);
      }
    }
    // Ratios of the interval's own increases: the cumulative ratio hardly moves on a busy entry.
    String prefix = schema.prefix() + "_";
    for (StatementSchema.Derived d : schema.derived()) {
      double v = d.value().applyAsDouble(t.lastDelta);
      if (Double.isFinite(v)) {
        String name =
            d.metric().startsWith(prefix) ? d.metric().substring(prefix.length()) : d.metric();
        values.put(name, v);
      }
    }
    return new StatementInterval(
        ts,
        datasource,
        engine,
        t.key.id(),
        t.key.database(),
        schema.userLabel() == null ? null : t.key.user(),
        t.kind.label(),
        seconds,
        values,
        t.text);
  }
}
