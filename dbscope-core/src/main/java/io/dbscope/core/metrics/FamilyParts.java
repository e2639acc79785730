package io.dbscope.core.metrics;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;

/**
 * A merged family's points: its batches' parts read one after the other as one list, unmodifiable
 * and without a copy. A part is another batch's list, or a family of a {@link BatchColumns} held as
 * the batch and the family's index: a fleet's family has a part per datasource, and an object per
 * part was a quarter of a million objects held until the answer was written.
 */
final class FamilyParts extends AbstractList<SampleBatch.Point> {
  /**
   * Each part: a {@code List<Point>}, or a {@link BatchColumns} whose family is in {@link #family}.
   */
  private Object[] sources = new Object[4];

  private int[] family = new int[4];
  private int[] ends = new int[4];
  private int count;

  void add(List<SampleBatch.Point> points) {
    add(points, -1, points.size());
  }

  void add(BatchColumns batch, int f) {
    add(batch, f, batch.end(f) - batch.start(f));
  }

  private void add(Object source, int f, int size) {
    if (count == sources.length) {
      sources = Arrays.copyOf(sources, count * 2);
      family = Arrays.copyOf(family, count * 2);
      ends = Arrays.copyOf(ends, count * 2);
    }
    sources[count] = source;
    family[count] = f;
    ends[count] = size() + size;
    count++;
  }

  int parts() {
    return count;
  }

  /** Part {@code k}'s batch when it is a {@link BatchColumns}, else null. */
  BatchColumns columns(int k) {
    return sources[k] instanceof BatchColumns c ? c : null;
  }

  /** Part {@code k}'s family in its {@link #columns}. */
  int family(int k) {
    return family[k];
  }

  /** Part {@code k} as a list. */
  @SuppressWarnings("unchecked")
  List<SampleBatch.Point> part(int k) {
    return sources[k] instanceof BatchColumns c
        ? c.family(family[k])
        : (List<SampleBatch.Point>) sources[k];
  }

  @Override
  public int size() {
    return count == 0 ? 0 : ends[count - 1];
  }

  /** Finds the part: for tests and rare readers; the text writer reads the parts. */
  @Override
  public SampleBatch.Point get(int index) {
    if (index < 0 || index >= size()) {
      throw new IndexOutOfBoundsException(index);
    }
    int k = Arrays.binarySearch(ends, 0, count, index);
    // An exact hit is the end of part k, so the point is in a later one (parts may be empty).
    k = k >= 0 ? k + 1 : -k - 1;
    while (ends[k] <= index) {
      k++;
    }
    int start = k == 0 ? 0 : ends[k - 1];
    return part(k).get(index - start);
  }
}
