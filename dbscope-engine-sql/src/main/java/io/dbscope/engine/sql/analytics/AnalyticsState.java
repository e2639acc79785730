package io.dbscope.engine.sql.analytics;

import io.dbscope.sql.StatementKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The binary form of a {@link StatementAnalytics}' history, handed between dbscope instances when a
 * datasource moves in a cluster: the tracker's baselines ({@code last}), per-fingerprint sums,
 * tombstones, reset and eviction counts, the statement kinds, and the exported series with their
 * totals and the {@code other} series. With it the new owner's first read computes its deltas
 * against the previous owner's last read, so every exported counter continues: no reset, no double
 * count.
 *
 * <p>Versioned, and tied to the schema's width: bytes of another version or another schema (a
 * different engine, an upgrade that added a field) restore as nothing, which is a new baseline.
 * Interval records in flight are not carried (they are per read, already sent).
 */
final class AnalyticsState {
  private static final int VERSION = 1;

  private AnalyticsState() {}

  static byte[] write(StatementAnalytics a) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      int size = a.schema.size();
      out.writeInt(VERSION);
      out.writeInt(size);
      out.writeBoolean(a.updated);
      for (StatementKind k : StatementKind.values()) {
        out.writeDouble(a.kinds.get(k));
      }
      StatementTracker t = a.tracker;
      out.writeInt(t.generation);
      instant(out, t.epoch == null ? Optional.empty() : t.epoch.serverStart());
      instant(out, t.epoch == null ? Optional.empty() : t.epoch.statsReset());
      out.writeBoolean(t.epoch != null);
      for (StatementTracker.ResetReason r : StatementTracker.ResetReason.values()) {
        out.writeLong(t.resets.get(r));
      }
      for (StatementTracker.EvictReason r : StatementTracker.EvictReason.values()) {
        out.writeLong(t.evictions.get(r));
      }
      out.writeInt(t.tombstones.size());
      for (long h : t.tombstones) {
        out.writeLong(h);
      }
      out.writeInt(t.tracked.size());
      for (TrackedStatement s : t.tracked.values()) {
        key(out, s.key);
        text(out, s.text);
        out.writeInt(s.kind.ordinal());
        out.writeLong(s.textFingerprint);
        out.writeLong(s.firstSeenMillis);
        out.writeLong(s.lastChangedMillis);
        out.writeDouble(s.since);
        out.writeInt(s.generation);
        out.writeBoolean(s.last != null);
        if (s.last != null) {
          doubles(out, s.last);
        }
        doubles(out, s.sinceStart);
      }
      TopSeries series = a.series;
      out.writeInt(series.exported.size());
      for (TopSeries.Series s : series.exported.values()) {
        key(out, s.statement.key);
        out.writeLong(s.holdUntilMillis);
        doubles(out, s.totals);
      }
      doubles(out, series.other);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Replaces {@code a}'s history with {@code bytes}, or empties it when they do not fit. */
  static void read(StatementAnalytics a, byte[] bytes) {
    clear(a);
    if (bytes == null || bytes.length == 0) {
      return;
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      int size = a.schema.size();
      if (in.readInt() != VERSION || in.readInt() != size) {
        return;
      }
      a.updated = in.readBoolean();
      for (StatementKind k : StatementKind.values()) {
        a.kinds.put(k, in.readDouble());
      }
      StatementTracker t = a.tracker;
      t.generation = in.readInt();
      Optional<Instant> start = instant(in);
      Optional<Instant> reset = instant(in);
      t.epoch = in.readBoolean() ? new StatsEpoch(start, reset) : null;
      for (StatementTracker.ResetReason r : StatementTracker.ResetReason.values()) {
        t.resets.put(r, in.readLong());
      }
      for (StatementTracker.EvictReason r : StatementTracker.EvictReason.values()) {
        t.evictions.put(r, in.readLong());
      }
      int tombs = in.readInt();
      for (int i = 0; i < tombs; i++) {
        t.tombstones.add(in.readLong());
      }
      int n = in.readInt();
      StatementKind[] kinds = StatementKind.values();
      for (int i = 0; i < n; i++) {
        StatementKey key = key(in);
        String text = text(in);
        StatementKind kind = kinds[in.readInt()];
        TrackedStatement s =
            new TrackedStatement(key, text, kind, in.readLong(), in.readLong(), size);
        s.lastChangedMillis = in.readLong();
        s.since = in.readDouble();
        s.generation = in.readInt();
        s.last = in.readBoolean() ? doubles(in, size) : null;
        System.arraycopy(doubles(in, size), 0, s.sinceStart, 0, size);
        t.tracked.put(key, s);
      }
      int exported = in.readInt();
      Map<StatementKey, TopSeries.Series> series = new HashMap<>();
      for (int i = 0; i < exported; i++) {
        StatementKey key = key(in);
        long hold = in.readLong();
        double[] totals = doubles(in, size);
        TrackedStatement s = t.tracked.get(key);
        if (s != null) {
          TopSeries.Series x = new TopSeries.Series(s, size);
          x.holdUntilMillis = hold;
          System.arraycopy(totals, 0, x.totals, 0, size);
          s.exported = true;
          series.put(key, x);
        }
      }
      a.series.exported.putAll(series);
      System.arraycopy(doubles(in, size), 0, a.series.other, 0, size);
    } catch (IOException | RuntimeException e) {
      clear(a); // damaged or foreign bytes: a new baseline, never a half-restored history
    }
  }

  private static void clear(StatementAnalytics a) {
    a.updated = false;
    for (StatementKind k : StatementKind.values()) {
      a.kinds.put(k, 0.0);
    }
    StatementTracker t = a.tracker;
    t.generation = 0;
    t.epoch = null;
    t.tracked.clear();
    t.tombstones.clear();
    t.resets.replaceAll((k, v) -> 0L);
    t.evictions.replaceAll((k, v) -> 0L);
    a.series.exported.clear();
    java.util.Arrays.fill(a.series.other, 0);
  }

  private static void key(DataOutputStream out, StatementKey k) throws IOException {
    out.writeUTF(k.id());
    out.writeUTF(k.database());
    out.writeUTF(k.user());
  }

  private static StatementKey key(DataInputStream in) throws IOException {
    return new StatementKey(in.readUTF(), in.readUTF(), in.readUTF());
  }

  /** Length and UTF-8 bytes: writeUTF stops at 64 KB, a long query text does not. */
  private static void text(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String text(DataInputStream in) throws IOException {
    byte[] b = new byte[in.readInt()];
    in.readFully(b);
    return new String(b, java.nio.charset.StandardCharsets.UTF_8);
  }

  private static void instant(DataOutputStream out, Optional<Instant> i) throws IOException {
    out.writeBoolean(i.isPresent());
    if (i.isPresent()) {
      out.writeLong(i.get().getEpochSecond());
      out.writeInt(i.get().getNano());
    }
  }

  private static Optional<Instant> instant(DataInputStream in) throws IOException {
    return in.readBoolean()
        ? Optional.of(Instant.ofEpochSecond(in.readLong(), in.readInt()))
        : Optional.empty();
  }

  private static void doubles(DataOutputStream out, double[] v) throws IOException {
    for (double d : v) {
      out.writeDouble(d);
    }
  }

  private static double[] doubles(DataInputStream in, int size) throws IOException {
    double[] v = new double[size];
    for (int i = 0; i < size; i++) {
      v[i] = in.readDouble();
    }
    return v;
  }
}
