package io.dbscope.server.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Calls and time of a datasource's costliest statements over the last hour, one point a minute, for
 * the statement page and the Top SQL sparklines. Bounded: at most {@value #PER_DATASOURCE}
 * fingerprints per datasource (the least recently seen goes first), {@value #POINTS} points each of
 * two cumulative doubles and an int timestamp, so at most 10 × 60 × 20 = 12,000 bytes of arrays per
 * datasource with query analytics.
 */
public final class StatementHistory {
  static final int PER_DATASOURCE = 10;
  static final int POINTS = 60;

  private final Map<String, Map<String, Ring>> byDatasource = new ConcurrentHashMap<>();

  /** One statement's cumulative calls and time at {@code epochSecond}. */
  public void record(
      String datasource, String fingerprint, long epochSecond, double calls, double seconds) {
    Map<String, Ring> rings =
        byDatasource.computeIfAbsent(datasource, k -> new ConcurrentHashMap<>());
    synchronized (rings) {
      Ring r = rings.get(fingerprint);
      if (r == null) {
        if (rings.size() >= PER_DATASOURCE) {
          rings.entrySet().stream()
              .min(Comparator.comparingInt(e -> e.getValue().lastTime()))
              .ifPresent(e -> rings.remove(e.getKey()));
        }
        r = new Ring();
        rings.put(fingerprint, r);
      }
      r.add(epochSecond, calls, seconds);
    }
  }

  public void retain(Set<String> names) {
    byDatasource.keySet().retainAll(names);
  }

  /**
   * Per-minute points of one statement, oldest first: calls and time in each interval (the
   * difference of two cumulative readings; a counter reset gives no point).
   */
  public List<Point> points(String datasource, String fingerprint) {
    Map<String, Ring> rings = byDatasource.get(datasource);
    Ring r = rings == null ? null : rings.get(fingerprint);
    return r == null ? List.of() : r.deltas();
  }

  /**
   * @param time end of the interval, epoch seconds
   * @param calls executions in the interval
   * @param seconds time spent in them
   */
  public record Point(long time, double calls, double seconds) {}

  private static final class Ring {
    private final int[] times = new int[POINTS];
    private final double[] calls = new double[POINTS];
    private final double[] seconds = new double[POINTS];
    private int next;
    private int size;

    synchronized void add(long t, double c, double s) {
      times[next] = (int) t;
      calls[next] = c;
      seconds[next] = s;
      next = (next + 1) % POINTS;
      size = Math.min(size + 1, POINTS);
    }

    synchronized int lastTime() {
      return size == 0 ? 0 : times[(next - 1 + POINTS) % POINTS];
    }

    synchronized List<Point> deltas() {
      List<Point> out = new ArrayList<>();
      int start = (next - size + POINTS) % POINTS;
      for (int i = 1; i < size; i++) {
        int a = (start + i - 1) % POINTS;
        int b = (start + i) % POINTS;
        double dc = calls[b] - calls[a];
        double ds = seconds[b] - seconds[a];
        if (dc >= 0 && ds >= 0) {
          out.add(new Point(times[b], dc, ds));
        }
      }
      return out;
    }
  }
}
