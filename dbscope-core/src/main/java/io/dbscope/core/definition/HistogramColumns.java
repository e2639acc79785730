package io.dbscope.core.definition;

import java.util.List;

/**
 * The checks a definition's histogram columns must pass: a bucket needs its bound, the row's {@code
 * le} label; one metric name is one family, so it is not also a gauge or counter elsewhere in the
 * same definition.
 */
final class HistogramColumns {
  private HistogramColumns() {}

  static void check(List<Column> cols, String at, List<String> problems) {
    boolean bucket = cols.stream().anyMatch(c -> c.usage() == Column.Usage.HISTOGRAM_BUCKET);
    boolean le =
        cols.stream()
            .anyMatch(
                c -> c.usage() == Column.Usage.LABEL && c.labelName().orElse("").equals("le"));
    if (bucket && !le) {
      problems.add(
          at + ": columns: a histogram_bucket column needs a label column 'le' (its upper bound)");
    }
    if (!bucket && le) {
      problems.add(at + ": columns: the label 'le' is only for the bounds of histogram_bucket");
    }
    for (Column h : cols) {
      if (h.usage().metricType().filter(t -> t.histogram()).isEmpty()) {
        continue;
      }
      for (Column other : cols) {
        if (other.metricName().equals(h.metricName())
            && other.usage().metricType().isPresent()
            && (!other.usage().metricType().get().histogram()
                || other.usage() == h.usage() && other != h)) {
          problems.add(
              at
                  + ": columns."
                  + other.column()
                  + ": '"
                  + h.metricName().orElseThrow()
                  + "' is already the histogram of column "
                  + h.column());
        }
      }
    }
  }
}
