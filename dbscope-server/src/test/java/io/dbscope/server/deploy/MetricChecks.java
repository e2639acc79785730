package io.dbscope.server.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks the metric names of one PromQL expression against {@link KnownMetrics}: each must be
 * known, and what goes into rate(), irate() or increase() must be a counter (or untyped), except
 * the gauges {@link KnownMetrics#RATED_GAUGES} lists with a reason.
 */
final class MetricChecks {
  private MetricChecks() {}

  /** Problems found, each naming {@code where}; empty when the expression is fine. */
  static List<String> check(KnownMetrics known, String where, String expr) {
    List<String> problems = new ArrayList<>();
    for (String name : PromqlNames.metrics(expr)) {
      if (known.kind(name).isEmpty()) {
        problems.add(where + ": " + name + " is not exported by dbscope");
      }
    }
    for (String name : PromqlNames.rated(expr)) {
      Optional<KnownMetrics.Kind> kind = known.kind(name);
      if (kind.isPresent()
          && !kind.get().rateable()
          && !KnownMetrics.RATED_GAUGES.containsKey(name)) {
        problems.add(
            where
                + ": "
                + name
                + " is a "
                + kind.get()
                + ", not a counter, inside rate()/increase()");
      }
    }
    return problems;
  }
}
