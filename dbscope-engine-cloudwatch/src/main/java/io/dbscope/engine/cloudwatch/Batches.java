package io.dbscope.engine.cloudwatch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Cuts the queries of one poll into GetMetricData calls of at most {@value #MAX} queries, the API's
 * limit, keeping the statistics of one metric in one call (CloudWatch reads the metric once for
 * them; a metric split over calls would also split its results' timing).
 */
final class Batches {
  static final int MAX = 500;

  private Batches() {}

  static <T> List<List<T>> of(List<T> items, Function<T, String> metricKey) {
    Map<String, List<T>> groups = new LinkedHashMap<>();
    for (T item : items) {
      groups.computeIfAbsent(metricKey.apply(item), k -> new ArrayList<>()).add(item);
    }
    List<List<T>> calls = new ArrayList<>();
    List<T> current = new ArrayList<>();
    for (List<T> group : groups.values()) {
      if (!current.isEmpty() && current.size() + group.size() > MAX) {
        calls.add(current);
        current = new ArrayList<>();
      }
      current.addAll(group);
    }
    if (!current.isEmpty()) {
      calls.add(current);
    }
    return calls;
  }
}
