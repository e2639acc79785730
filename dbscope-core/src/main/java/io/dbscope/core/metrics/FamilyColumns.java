package io.dbscope.core.metrics;

import io.prometheus.metrics.model.snapshots.Labels;
import java.util.AbstractList;

/**
 * One family of a {@link BatchColumns}, read only. Reading it as a list makes each point anew; the
 * text writer and the batches read its columns.
 */
final class FamilyColumns extends AbstractList<SampleBatch.Point> {
  private final BatchColumns batch;
  private final int family;
  private final int start;

  FamilyColumns(BatchColumns batch, int family) {
    this.batch = batch;
    this.family = family;
    this.start = batch.start(family);
  }

  BatchColumns batch() {
    return batch;
  }

  int family() {
    return family;
  }

  @Override
  public int size() {
    return batch.end(family) - start;
  }

  @Override
  public SampleBatch.Point get(int i) {
    return new SampleBatch.Point(rowLabels(i), constLabels(i), value(i), suffix(i));
  }

  Labels rowLabels(int i) {
    return batch.rowLabels(start + check(i));
  }

  Labels constLabels(int i) {
    return batch.constLabels(family, start + check(i));
  }

  double value(int i) {
    return batch.value(start + check(i));
  }

  String suffix(int i) {
    return batch.suffix(family, start + check(i));
  }

  private int check(int i) {
    if (i < 0 || i >= size()) {
      throw new IndexOutOfBoundsException(i);
    }
    return i;
  }
}
