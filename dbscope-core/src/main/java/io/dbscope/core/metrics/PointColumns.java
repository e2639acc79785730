package io.dbscope.core.metrics;

import io.prometheus.metrics.model.snapshots.Labels;
import java.util.List;

/**
 * A family's series as columns: row labels, and the datasource's labels and the suffixes once when
 * they are the same for every point (nearly always): how an {@link OrderMemo} holds what a family's
 * points were between scrapes, in a few arrays rather than an object per point. Not their values,
 * which the memo does not need.
 */
final class PointColumns {
  private final Labels[] rows;
  private final Labels constant;
  private final Labels[] constants;
  private final String suffix;
  private final String[] suffixes;

  private PointColumns(List<SampleBatch.Point> points) {
    int n = points.size();
    rows = new Labels[n];
    Labels c = points.getFirst().constLabels();
    String s = points.getFirst().suffix();
    boolean oneConstant = true;
    boolean oneSuffix = true;
    for (int i = 0; i < n; i++) {
      SampleBatch.Point p = points.get(i);
      rows[i] = p.rowLabels();
      oneConstant &= p.constLabels() == c;
      oneSuffix &= p.suffix().equals(s);
    }
    constant = oneConstant ? c : null;
    suffix = oneSuffix ? s : null;
    constants = oneConstant ? null : new Labels[n];
    suffixes = oneSuffix ? null : new String[n];
    for (int i = 0; i < n && (constants != null || suffixes != null); i++) {
      if (constants != null) {
        constants[i] = points.get(i).constLabels();
      }
      if (suffixes != null) {
        suffixes[i] = points.get(i).suffix();
      }
    }
  }

  /** {@code points} (at least one) as columns. */
  static PointColumns columns(List<SampleBatch.Point> points) {
    return new PointColumns(points);
  }

  /**
   * Whether {@code points} have the very same label sets (by identity) and equal suffixes as these,
   * in the same places, whatever their values.
   */
  boolean sameSeries(List<SampleBatch.Point> points) {
    if (points.size() != rows.length) {
      return false;
    }
    for (int i = 0; i < rows.length; i++) {
      SampleBatch.Point p = points.get(i);
      if (p.rowLabels() != rows[i]
          || p.constLabels() != constLabels(i)
          || !p.suffix().equals(suffix(i))) {
        return false;
      }
    }
    return true;
  }

  int size() {
    return rows.length;
  }

  private Labels constLabels(int i) {
    return constant != null ? constant : constants[i];
  }

  private String suffix(int i) {
    return suffix != null ? suffix : suffixes[i];
  }
}
