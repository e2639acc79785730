package io.dbscope.core.metrics;

import io.prometheus.metrics.model.snapshots.Labels;

/**
 * client_java's order of label sets ({@link Labels#compareTo}: names element by element, then
 * values, a shorter prefix first), faster. The samples of one family mostly share their label names
 * and many values as the same {@code String} instances, and {@link String#compareTo} has no
 * shortcut for that: it compares the bytes. Sorting the families of a scrape with {@code
 * Labels.compareTo} was a tenth of a Redis scrape's CPU.
 */
public final class LabelOrder {
  private LabelOrder() {}

  static int compare(Labels a, Labels b) {
    return compareWithout(a, -1, b, -1);
  }

  /**
   * The places of {@code sets} in their order, stable; null when each is no greater than the next
   * already (then there is nothing to reorder).
   */
  public static int[] order(Labels[] sets) {
    for (int i = 1; i < sets.length; i++) {
      if (sets[i - 1] != sets[i] && compare(sets[i - 1], sets[i]) > 0) {
        return FamilyOrder.indexesBy(sets.length, (a, b) -> compare(sets[a], sets[b]));
      }
    }
    return null;
  }

  /** The order of two points' labels, as if each point's two label sets were one. */
  static int compare(SampleBatch.Point a, SampleBatch.Point b) {
    return compareWithout(a, -1, b, -1);
  }

  /**
   * {@link #compareWithout(Labels, int, Labels, int)} for points, {@code skipA} and {@code skipB}
   * being indexes in their row labels. Two points of one datasource with the same row label names
   * (nearly every pair in a family) are ordered by their row labels alone: their joined sets have
   * the same names, and the same values but at the row's places, in the row's order.
   */
  static int compareWithout(SampleBatch.Point a, int skipA, SampleBatch.Point b, int skipB) {
    Labels ac = a.constLabels();
    Labels bc = b.constLabels();
    if (ac == bc) {
      int c = compare(a.rowLabels(), skipA, b.rowLabels(), skipB, true);
      if (c == 0) {
        return compare(a.rowLabels(), skipA, b.rowLabels(), skipB, false);
      }
      if (ac.size() == 0) {
        return c;
      }
    }
    int c = joined(a, skipA, b, skipB, true);
    return c != 0 ? c : joined(a, skipA, b, skipB, false);
  }

  private static int joined(
      SampleBatch.Point a, int skipA, SampleBatch.Point b, int skipB, boolean names) {
    PointLabels x = new PointLabels(a, skipA);
    PointLabels y = new PointLabels(b, skipB);
    while (true) {
      boolean more = x.next();
      if (more != y.next()) {
        return more ? 1 : -1;
      }
      if (!more) {
        return 0;
      }
      String u = names ? x.name() : x.value();
      String v = names ? y.name() : y.value();
      if (u != v) {
        int c = u.compareTo(v);
        if (c != 0) {
          return c;
        }
      }
    }
  }

  /**
   * The same as if the label at {@code skipA} and {@code skipB} (-1: none) were not there, for
   * histograms and summaries ordered by their series without {@code le} or {@code quantile}.
   */
  static int compareWithout(Labels a, int skipA, Labels b, int skipB) {
    int c = compare(a, skipA, b, skipB, true);
    return c != 0 ? c : compare(a, skipA, b, skipB, false);
  }

  private static int compare(Labels a, int skipA, Labels b, int skipB, boolean names) {
    int i = 0;
    int j = 0;
    while (true) {
      if (i == skipA) {
        i++;
      }
      if (j == skipB) {
        j++;
      }
      boolean aDone = i >= a.size();
      boolean bDone = j >= b.size();
      if (aDone || bDone) {
        return aDone == bDone ? 0 : aDone ? -1 : 1;
      }
      String x = names ? a.getPrometheusName(i) : a.getValue(i);
      String y = names ? b.getPrometheusName(j) : b.getValue(j);
      if (x != y) {
        int c = x.compareTo(y);
        if (c != 0) {
          return c;
        }
      }
      i++;
      j++;
    }
  }
}
