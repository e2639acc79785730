package io.dbscope.core.metrics;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Histogram families: the order of their samples and their client_java form. A histogram's points
 * are its buckets ({@code _bucket}, cumulative, bound in {@code le}), {@code _sum} and {@code
 * _count}, one such group per label set.
 */
final class Histograms {
  private Histograms() {}

  /**
   * Sorts a histogram's or summary's points per label set (without {@code le} or {@code quantile}):
   * the buckets by bound, then {@code _count}, then {@code _sum}, as client_java writes them.
   * Stable, so that equal samples stay side by side in the order they came and repeats can be
   * dropped. Each point's key (its labels without the bound, its rank and its bound) is computed
   * once, not at each comparison: a comparator that built them was a fifth of a Redis scrape.
   */
  static void sort(List<SampleBatch.Point> points, MetricType type) {
    int[] order = sortedIndexes(points, type);
    SampleBatch.Point[] in = points.toArray(new SampleBatch.Point[0]);
    for (int i = 0; i < order.length; i++) {
      points.set(i, in[order[i]]);
    }
  }

  /** The indexes of {@code points} in the order {@link #sort} puts them in. */
  static int[] sortedIndexes(List<SampleBatch.Point> points, MetricType type) {
    String boundLabel = boundLabel(type);
    Keyed[] keyed = new Keyed[points.size()];
    for (int i = 0; i < keyed.length; i++) {
      keyed[i] = key(points.get(i), i, boundLabel);
    }
    Arrays.sort(keyed, Histograms::compare);
    int[] out = new int[keyed.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = keyed[i].index();
    }
    return out;
  }

  /**
   * Whether {@code points} are in the order {@link #sort} gives them and no two have the same key
   * (labels without the bound, suffix and bound), so that no repeat can be among them: one pass,
   * computing each point's key once, as {@link #sortedIndexes} does.
   */
  static boolean inOrder(List<SampleBatch.Point> points, MetricType type) {
    String boundLabel = boundLabel(type);
    Keyed before = null;
    for (int i = 0; i < points.size(); i++) {
      Keyed k = key(points.get(i), i, boundLabel);
      if (before != null && compare(before, k) >= 0) {
        return false;
      }
      before = k;
    }
    return true;
  }

  private static String boundLabel(MetricType type) {
    return type == MetricType.SUMMARY ? "quantile" : "le";
  }

  /** {@code p}, the {@code i}th point, with its sort key. */
  private static Keyed key(SampleBatch.Point p, int i, String boundLabel) {
    // The bound is a row label: a datasource's own labels cannot be named le or quantile.
    Labels l = p.rowLabels();
    int skip = indexOf(l, boundLabel);
    double bound = skip < 0 ? Double.NaN : parseBound(l.getValue(skip));
    return new Keyed(skip, rank(p.suffix()), bound, p, i);
  }

  /**
   * A point with its sort key and its index in the unsorted list; {@code skip} is the index of the
   * bound label in its row labels, or -1.
   */
  private record Keyed(int skip, int rank, double bound, SampleBatch.Point point, int index) {}

  private static int compare(Keyed a, Keyed b) {
    int c = LabelOrder.compareWithout(a.point(), a.skip(), b.point(), b.skip());
    if (c != 0) {
      return c;
    }
    c = Integer.compare(a.rank(), b.rank());
    return c != 0 ? c : Double.compare(a.bound(), b.bound());
  }

  /** The index of label {@code name} (a plain Prometheus name), or -1. */
  private static int indexOf(Labels labels, String name) {
    for (int i = 0; i < labels.size(); i++) {
      if (labels.getName(i).equals(name)) {
        return i;
      }
    }
    return -1;
  }

  private static int rank(String suffix) {
    return switch (suffix) {
      case "_bucket", "" -> 0;
      case "_count" -> 1;
      case "_sum" -> 2;
      default -> 3;
    };
  }

  /** The bucket's upper bound; NaN (sorted last) when {@code le} is missing or not a number. */
  static double bound(String le) {
    return le == null ? Double.NaN : parseBound(le);
  }

  /**
   * Whole and short decimal bounds, most of them ({@code 1024}, {@code 0.005}), and {@code +Inf}
   * without {@link Double#parseDouble}: sorting every bucket of a fleet's answer that way was a
   * fortieth of what its scrape allocated (JFR).
   */
  private static double parseBound(String le) {
    if (le.equals("+Inf")) {
      return Double.POSITIVE_INFINITY;
    }
    double quick = DecimalText.quick(le);
    if (!Double.isNaN(quick)) {
      return quick;
    }
    try {
      return Double.parseDouble(le.replace("Inf", "Infinity"));
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  static Labels withoutLe(Labels labels) {
    return without(labels, "le");
  }

  static Labels without(Labels labels, String boundLabel) {
    if (!labels.contains(boundLabel)) {
      return labels;
    }
    Labels.Builder b = Labels.builder();
    for (int i = 0; i < labels.size(); i++) {
      if (!labels.getName(i).equals(boundLabel)) {
        b.label(labels.getName(i), labels.getValue(i));
      }
    }
    return b.build();
  }

  /**
   * The family for client_java (OpenMetrics): its buckets per bucket rather than cumulative. A
   * label set without a {@code +Inf} bucket (a collector that gave only its sum) is left out, since
   * client_java requires one.
   */
  static MetricSnapshot toSnapshot(SampleBatch.Family f, String help) {
    Map<Labels, List<SampleBatch.Point>> series = new LinkedHashMap<>();
    for (SampleBatch.Point p : f.points()) {
      series.computeIfAbsent(withoutLe(p.labels()), k -> new ArrayList<>()).add(p);
    }
    HistogramSnapshot.Builder b =
        HistogramSnapshot.builder()
            .name(f.name())
            .help(help)
            .gaugeHistogram(f.type() == MetricType.GAUGE_HISTOGRAM);
    for (var e : series.entrySet()) {
      ClassicHistogramBuckets.Builder buckets = ClassicHistogramBuckets.builder();
      double sum = Double.NaN;
      double below = 0;
      boolean inf = false;
      for (SampleBatch.Point p : e.getValue()) {
        switch (p.suffix()) {
          case "_bucket" -> {
            double le = bound(p.label("le"));
            if (!Double.isNaN(le)) {
              buckets.bucket(le, Math.max(0, Math.round(p.value() - below)));
              below = Math.max(below, p.value());
              inf |= le == Double.POSITIVE_INFINITY;
            }
          }
          case "_sum" -> sum = p.value();
          default -> {}
        }
      }
      if (!inf) {
        continue;
      }
      HistogramSnapshot.HistogramDataPointSnapshot.Builder point =
          HistogramSnapshot.HistogramDataPointSnapshot.builder()
              .labels(e.getKey())
              .classicHistogramBuckets(buckets.build());
      if (!Double.isNaN(sum)) {
        point.sum(sum);
      }
      b.dataPoint(point.build());
    }
    return b.build();
  }
}
