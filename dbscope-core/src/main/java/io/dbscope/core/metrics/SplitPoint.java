package io.dbscope.core.metrics;

import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.List;

/** Where {@link ExpositionWriter} splits a large answer in two parts written at once. */
final class SplitPoint {
  private SplitPoint() {}

  /**
   * The index of the first family of the second part, or the number of families when the answer has
   * fewer than {@code minSamples} samples or no second part of at least a quarter of them. The
   * second part holds families only: it starts after every other snapshot by name, so that the two
   * parts written one after the other are the answer written in one piece. Its first family is the
   * one that brings the first part to half the samples, or later.
   */
  static int of(Exposition e, int minSamples) {
    List<MergedFamily> families = e.families();
    int n = families.size();
    long total = 0;
    for (MergedFamily f : families) {
      total += f.size();
    }
    if (total < minSamples) {
      return n;
    }
    int afterOthers = 0;
    List<MetricSnapshot> others = e.extra();
    if (!others.isEmpty()) {
      String last = others.getLast().getMetadata().getPrometheusName();
      while (afterOthers < n && e.sortName(afterOthers).compareTo(last) <= 0) {
        afterOthers++;
      }
    }
    long first = 0;
    int k = 0;
    while (k < n && (first < total / 2 || k < afterOthers)) {
      first += families.get(k++).size();
    }
    return total - first < total / 4 ? n : k;
  }
}
