package io.dbscope.core.metrics;

import io.prometheus.metrics.model.snapshots.Labels;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The order of one merged family's samples: client_java's (by label set; a histogram's or summary's
 * per series, then by bound), except that a family merged from several datasources' batches is
 * ordered per datasource, each datasource's samples in one block, the blocks in the order the
 * batches came (the config's).
 *
 * <p>Why: sorting the whole family made the sort the largest cost of a fleet's scrape (a quarter of
 * the CPU of 1,000 Redis datasources, whose histogram families hold 78,000 samples each), and the
 * blocks need no merging: every sample of a datasource's batch carries that datasource's own {@code
 * datasource} label, so no two blocks can hold the same series, and Prometheus does not ask for any
 * order within a family. The blocks are used only when that is checked to hold; otherwise (a custom
 * query that sets its own {@code datasource} column, process samples in the same family) the family
 * is sorted whole, as before.
 */
final class FamilyOrder {
  private static final String DATASOURCE = "datasource";
  private static final Comparator<SampleBatch.Point> POINT_ORDER = LabelOrder::compare;

  private FamilyOrder() {}

  /**
   * Where each added batch's points end in a merged family's list, and how many of the batches were
   * not {@linkplain SampleBatch#order() ordered} by a datasource of their own.
   */
  static final class Blocks {
    private int[] ends = new int[1];
    private int count;
    private int unowned;

    /**
     * @param owned whether the block is a batch that its datasource ordered, and no other block has
     *     that datasource
     */
    void end(int at, boolean owned) {
      if (count == ends.length) {
        ends = Arrays.copyOf(ends, count * 2);
      }
      ends[count++] = at;
      if (!owned) {
        unowned++;
      }
    }

    int unowned() {
      return unowned;
    }
  }

  /** Sorts {@code points}, per block when {@link #ownBlocks} allows it. */
  static void sort(List<SampleBatch.Point> points, MetricType type, Blocks blocks) {
    if (blocks.count > 1 && ownBlocks(points, blocks)) {
      int from = 0;
      for (int b = 0; b < blocks.count; b++) {
        int to = blocks.ends[b];
        if (to - from > 1) {
          sort(points.subList(from, to), type);
        }
        from = to;
      }
    } else {
      sort(points, type);
    }
  }

  static void sort(List<SampleBatch.Point> points, MetricType type) {
    if (type.grouped()) {
      Histograms.sort(points, type);
    } else {
      points.sort(POINT_ORDER);
    }
  }

  /**
   * Whether {@code points} are already in the order {@link #sort(List, MetricType)} gives them,
   * each after the one before and none equal to it: then sorting would change nothing and {@link
   * #dropRepeats} would drop nothing.
   */
  static boolean inOrder(List<SampleBatch.Point> points, MetricType type) {
    if (type.grouped()) {
      return Histograms.inOrder(points, type);
    }
    for (int i = 1; i < points.size(); i++) {
      if (LabelOrder.compare(points.get(i - 1), points.get(i)) >= 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether every block's points share one {@code datasource} value that no other block has: then
   * no series can be in two blocks.
   */
  static boolean ownBlocks(List<SampleBatch.Point> points, Blocks blocks) {
    Set<String> seen = new HashSet<>();
    int from = 0;
    for (int b = 0; b < blocks.count; b++) {
      int to = blocks.ends[b];
      if (from < to) {
        String own = datasource(points.get(from));
        if (own == null || !seen.add(own)) {
          return false;
        }
        for (int i = from + 1; i < to; i++) {
          String v = datasource(points.get(i));
          if (v != own && !own.equals(v)) {
            return false;
          }
        }
      }
      from = to;
    }
    return true;
  }

  /**
   * The indexes of {@code points} in the order {@link #sort(List, MetricType)} puts them in, less
   * those {@link #dropRepeats} would drop; {@code points} is not changed.
   */
  static int[] sortedKept(List<SampleBatch.Point> points, MetricType type) {
    int[] sorted =
        type.grouped()
            ? Histograms.sortedIndexes(points, type)
            : indexesBy(points.size(), (a, b) -> LabelOrder.compare(points.get(a), points.get(b)));
    int kept = Math.min(1, sorted.length);
    for (int i = 1; i < sorted.length; i++) {
      if (!repeats(points.get(sorted[i]), points.get(sorted[kept - 1]))) {
        sorted[kept++] = sorted[i];
      }
    }
    return kept == sorted.length ? sorted : Arrays.copyOf(sorted, kept);
  }

  /** The indexes {@code 0 … n-1} in the order {@code order} gives them; stable. */
  static int[] indexesBy(int n, Comparator<Integer> order) {
    Integer[] boxed = new Integer[n];
    for (int i = 0; i < n; i++) {
      boxed[i] = i;
    }
    Arrays.sort(boxed, order);
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = boxed[i];
    }
    return out;
  }

  /** Whether {@code p} repeats {@code before}: the same labels and suffix, whatever the value. */
  private static boolean repeats(SampleBatch.Point p, SampleBatch.Point before) {
    return LabelOrder.compare(p, before) == 0 && p.suffix().equals(before.suffix());
  }

  /** Removes each point whose labels and suffix equal its predecessor's; returns how many. */
  static int dropRepeats(List<SampleBatch.Point> sorted) {
    int kept = Math.min(1, sorted.size());
    for (int i = 1; i < sorted.size(); i++) {
      SampleBatch.Point p = sorted.get(i);
      if (!repeats(p, sorted.get(kept - 1))) {
        sorted.set(kept++, p);
      }
    }
    int dropped = sorted.size() - kept;
    if (dropped > 0) {
      sorted.subList(kept, sorted.size()).clear();
    }
    return dropped;
  }

  static String datasource(SampleBatch.Point p) {
    String v = datasource(p.rowLabels());
    return v != null ? v : datasource(p.constLabels());
  }

  /** The value of {@code labels}' {@code datasource} label, or null. */
  static String datasource(Labels labels) {
    for (int i = 0; i < labels.size(); i++) {
      String n = labels.getName(i);
      if (n == DATASOURCE || n.equals(DATASOURCE)) {
        return labels.getValue(i);
      }
    }
    return null;
  }
}
