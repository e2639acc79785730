package io.dbscope.core.metrics;

import io.prometheus.metrics.model.snapshots.Labels;

/**
 * A point's two label sets (its row's and its datasource's, see {@link SampleBatch.Point}) read as
 * the one set they stand for, in name order, without building it: the scrape path walks them side
 * by side, and a row label hides its datasource's label of the same name.
 */
final class PointLabels {
  private final Labels row;
  private final Labels constant;
  private final int skip;
  private int i;
  private int j;
  private String name;
  private String value;

  /**
   * @param skip the index in the row's labels of one to leave out ({@code le}), or -1
   */
  PointLabels(SampleBatch.Point p, int skip) {
    this(p.rowLabels(), p.constLabels(), skip);
  }

  private PointLabels(Labels row, Labels constant, int skip) {
    this.row = row;
    this.constant = constant;
    this.skip = skip;
  }

  /** Steps to the next label; false after the last. */
  boolean next() {
    if (i == skip) {
      i++;
    }
    boolean r = i < row.size();
    boolean c = j < constant.size();
    if (!r && !c) {
      return false;
    }
    int order =
        !r ? 1 : !c ? -1 : compareNames(row.getPrometheusName(i), constant.getPrometheusName(j));
    if (order <= 0) {
      name = row.getPrometheusName(i);
      value = row.getValue(i++);
      if (order == 0) {
        j++;
      }
    } else {
      name = constant.getPrometheusName(j);
      value = constant.getValue(j++);
    }
    return true;
  }

  String name() {
    return name;
  }

  String value() {
    return value;
  }

  private static int compareNames(String a, String b) {
    return a == b ? 0 : a.compareTo(b);
  }

  /** The one label set {@code row} and {@code constant} stand for. */
  static Labels joined(Labels row, Labels constant) {
    if (constant.size() == 0) {
      return row;
    }
    if (row.size() == 0) {
      return constant;
    }
    String[] names = new String[row.size() + constant.size()];
    String[] values = new String[names.length];
    PointLabels walk = new PointLabels(row, constant, -1);
    int n = 0;
    while (walk.next()) {
      names[n] = walk.name();
      values[n++] = walk.value();
    }
    return Labels.of(java.util.Arrays.copyOf(names, n), java.util.Arrays.copyOf(values, n));
  }
}
