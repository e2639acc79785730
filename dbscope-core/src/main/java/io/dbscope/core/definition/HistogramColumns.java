package io.dbscope.core.definition;

import io.dbscope.core.metrics.MetricType;
import java.util.List;

/**
 * The checks a definition's histogram and summary columns must pass: a bucket needs its bound, the
 * row's {@code le} label, and a quantile its {@code quantile} label; one metric name is one family,
 * so it is not also a gauge or counter elsewhere in the same definition.
 */
final class HistogramColumns {
  private HistogramColumns() {}

  static void check(List<Column> cols, String at, List<String> problems) {
    bound(cols, Column.Usage.HISTOGRAM_BUCKET, "le", "upper bound", at, problems);
    bound(cols, Column.Usage.SUMMARY_QUANTILE, "quantile", "quantile", at, problems);
    for (Column h : cols) {
      if (h.usage().metricType().filter(MetricType::grouped).isEmpty()) {
        continue;
      }
      for (Column other : cols) {
        if (other.metricName().equals(h.metricName())
            && other.usage().metricType().isPresent()
            && (other.usage().metricType().get() != h.usage().metricType().get()
                || other.usage() == h.usage() && other != h)) {
          problems.add(
              at
                  + ": columns."
                  + other.column()
                  + ": '"
                  + h.metricName().orElseThrow()
                  + "' is already the "
                  + (h.usage().metricType().get() == MetricType.SUMMARY ? "summary" : "histogram")
                  + " of column "
                  + h.column());
        }
      }
    }
  }

  private static void bound(
      List<Column> cols,
      Column.Usage usage,
      String label,
      String what,
      String at,
      List<String> problems) {
    boolean part = cols.stream().anyMatch(c -> c.usage() == usage);
    boolean has =
        cols.stream()
            .anyMatch(
                c -> c.usage() == Column.Usage.LABEL && c.labelName().orElse("").equals(label));
    String name = usage.name().toLowerCase(java.util.Locale.ROOT);
    if (part && !has) {
      problems.add(
          at
              + ": columns: a "
              + name
              + " column needs a label column '"
              + label
              + "' (its "
              + what
              + ")");
    }
    // A label 'quantile' elsewhere is allowed (custom files had it before summaries existed); 'le'
    // is not, as Prometheus reads it as a bucket bound.
    if (!part && has && usage == Column.Usage.HISTOGRAM_BUCKET) {
      problems.add(at + ": columns: the label 'le' is only for the bounds of histogram_bucket");
    }
  }
}
