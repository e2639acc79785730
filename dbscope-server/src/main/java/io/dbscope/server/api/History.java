package io.dbscope.server.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last hour of a few key series per datasource, kept in memory so that the console works
 * without Prometheus: up, scrape duration, queries and transactions per second, connections and
 * lock-waiting sessions. One fixed ring per datasource, {@value #POINTS} points (an hour at the
 * {@link #STEP} of 15 s), as floats.
 *
 * <p>Bounded on purpose: per datasource {@value #POINTS} × ({@value #SERIES} floats + one int
 * timestamp) = 6,720 bytes of arrays, about 7 KB with the objects around them, so 7 MB for 1,000
 * datasources. Removed datasources are dropped at the next {@link #retain}.
 *
 * <pre>{@code
 * history.record("pg", epochSecond, new double[] {1, 0.02, 120, 30, 12, 0});
 * History.Series s = history.series("pg", 60);
 * }</pre>
 */
public final class History {
  public static final int POINTS = 240;
  public static final Duration STEP = Duration.ofSeconds(15);

  /** The series, in the order {@link #record} takes them. */
  public static final List<String> NAMES =
      List.of("up", "scrape_seconds", "qps", "tps", "connections", "lock_waits");

  static final int SERIES = 6;

  private final Map<String, Ring> rings = new ConcurrentHashMap<>();

  /** Adds one point of every series; NaN where a value is unknown. */
  public void record(String datasource, long epochSecond, double[] values) {
    rings.computeIfAbsent(datasource, k -> new Ring()).add(epochSecond, values);
  }

  /** Forgets the datasources not in {@code names} (after a reload removed them). */
  public void retain(Set<String> names) {
    rings.keySet().retainAll(names);
  }

  /**
   * The datasource's series, averaged into at most {@code points} buckets (60 for a sparkline of
   * the hour, {@value #POINTS} for the full resolution); empty series before the first point.
   */
  public Series series(String datasource, int points) {
    Ring r = rings.get(datasource);
    return r == null ? Series.EMPTY : r.snapshot(Math.max(1, points));
  }

  /** The latest value of series {@code index}, NaN when none. */
  public double latest(String datasource, int index) {
    Ring r = rings.get(datasource);
    return r == null ? Double.NaN : r.latest(index);
  }

  /**
   * A datasource's series over time, oldest first: {@code values.get(name).get(i)} is the value at
   * {@code times.get(i)} (epoch seconds), null where unknown.
   */
  public record Series(List<Long> times, Map<String, List<Double>> values) {
    static final Series EMPTY = new Series(List.of(), Map.of());
  }

  /** One datasource's ring; writes come from the sampler, reads from HTTP threads. */
  private static final class Ring {
    private final int[] times = new int[POINTS];
    private final float[][] values = new float[SERIES][POINTS];
    private int next;
    private int size;

    synchronized void add(long epochSecond, double[] v) {
      times[next] = (int) epochSecond;
      for (int s = 0; s < SERIES; s++) {
        values[s][next] = s < v.length ? (float) v[s] : Float.NaN;
      }
      next = (next + 1) % POINTS;
      size = Math.min(size + 1, POINTS);
    }

    synchronized double latest(int series) {
      return size == 0 ? Double.NaN : values[series][(next - 1 + POINTS) % POINTS];
    }

    synchronized Series snapshot(int points) {
      int buckets = Math.min(points, size);
      List<Long> ts = new ArrayList<>(buckets);
      Map<String, List<Double>> out = new LinkedHashMap<>();
      for (String n : NAMES) {
        out.put(n, new ArrayList<>(buckets));
      }
      int start = (next - size + POINTS) % POINTS;
      for (int b = 0; b < buckets; b++) {
        int from = b * size / buckets;
        int to = (b + 1) * size / buckets;
        ts.add((long) times[(start + to - 1) % POINTS]);
        for (int s = 0; s < SERIES; s++) {
          double sum = 0;
          int n = 0;
          for (int i = from; i < to; i++) {
            float x = values[s][(start + i) % POINTS];
            if (!Float.isNaN(x)) {
              sum += x;
              n++;
            }
          }
          out.get(NAMES.get(s)).add(n == 0 ? null : round(sum / n));
        }
      }
      return new Series(ts, out);
    }

    private static double round(double x) {
      // Four significant digits are plenty for a chart and keep the JSON short.
      if (x == 0 || !Double.isFinite(x)) {
        return x;
      }
      double scale = Math.pow(10, 3 - Math.floor(Math.log10(Math.abs(x))));
      return Math.round(x * scale) / scale;
    }
  }
}
