package io.dbscope.core.metrics;

import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Summary families in client_java's form, for OpenMetrics answers. The text format writes a
 * summary's samples as the definition gave them; OpenMetrics requires each quantile to be a number
 * from 0 to 1, while community exporters write percentiles ({@code quantile="99.9"} from
 * redis_exporter, {@code "999"} for 0.999 from mysqld_exporter). A quantile above 1 and up to 100
 * is read as a percentile ({@code 50} is 0.5, {@code 99.9} is 0.999), a larger whole number as the
 * digits after "0." ({@code 999} is 0.999); a quantile that is no number is left out.
 */
final class Summaries {
  private Summaries() {}

  static MetricSnapshot toSnapshot(SampleBatch.Family f, String help) {
    Map<Labels, List<SampleBatch.Point>> series = new LinkedHashMap<>();
    for (SampleBatch.Point p : f.points()) {
      series
          .computeIfAbsent(Histograms.without(p.labels(), "quantile"), k -> new ArrayList<>())
          .add(p);
    }
    SummarySnapshot.Builder b = SummarySnapshot.builder().name(f.name()).help(help);
    for (var e : series.entrySet()) {
      Quantiles.Builder quantiles = Quantiles.builder();
      var point = SummarySnapshot.SummaryDataPointSnapshot.builder().labels(e.getKey());
      for (SampleBatch.Point p : e.getValue()) {
        switch (p.suffix()) {
          case "_sum" -> point.sum(p.value());
          case "_count" -> point.count(Math.max(0, Math.round(p.value())));
          default -> {
            double q = fraction(p.label("quantile"));
            if (!Double.isNaN(q)) {
              quantiles.quantile(q, p.value());
            }
          }
        }
      }
      b.dataPoint(point.quantiles(quantiles.build()).build());
    }
    return b.build();
  }

  /** The quantile as a fraction from 0 to 1; NaN when the label is no quantile. */
  static double fraction(String label) {
    if (label == null) {
      return Double.NaN;
    }
    double q;
    try {
      q = Double.parseDouble(label);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
    if (q >= 0 && q <= 1) {
      return q;
    }
    if (q <= 100) {
      // Decimal, not q / 100: "99.9" must give 0.999, not 0.9990000000000001.
      return new java.math.BigDecimal(label.strip()).movePointLeft(2).doubleValue();
    }
    if (label.chars().allMatch(Character::isDigit)) {
      return Double.parseDouble("0." + label);
    }
    return Double.NaN;
  }
}
