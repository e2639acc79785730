package io.dbscope.core.metrics;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.ArrayList;
import java.util.Comparator;
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
   * Per label set (without {@code le}): the buckets by bound, then {@code _count}, then {@code
   * _sum}, as client_java writes them. Equal samples stay side by side, so that repeats can be
   * dropped.
   */
  static final Comparator<SampleBatch.Point> ORDER = order("le");

  /** The same for a summary: its quantiles by value, then {@code _count}, then {@code _sum}. */
  static final Comparator<SampleBatch.Point> SUMMARY_ORDER = order("quantile");

  static Comparator<SampleBatch.Point> order(MetricType type) {
    return type == MetricType.SUMMARY ? SUMMARY_ORDER : ORDER;
  }

  private static Comparator<SampleBatch.Point> order(String boundLabel) {
    return Comparator.comparing((SampleBatch.Point p) -> without(p.labels(), boundLabel))
        .thenComparingInt(p -> rank(p.suffix()))
        .thenComparingDouble(p -> bound(p.labels(), boundLabel));
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
  static double bound(Labels labels) {
    return bound(labels, "le");
  }

  static double bound(Labels labels, String boundLabel) {
    String le = labels.get(boundLabel);
    if (le == null) {
      return Double.NaN;
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
            double le = bound(p.labels());
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
