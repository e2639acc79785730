package io.dbscope.engine.cloudwatch;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** The statistics GetMetricData takes in a {@code MetricStat}: the five basic ones and pNN. */
final class Statistics {
  private static final Set<String> BASIC =
      Set.of("Average", "Sum", "Minimum", "Maximum", "SampleCount");
  private static final Pattern PERCENTILE = Pattern.compile("p(\\d{1,2})(\\.\\d{1,2})?");

  private Statistics() {}

  /** Why {@code s} is not a statistic, or empty. */
  static Optional<String> problem(String s) {
    if (BASIC.contains(s) || PERCENTILE.matcher(s).matches()) {
      return Optional.empty();
    }
    return Optional.of(
        "unknown statistic '" + s + "' (Average, Sum, Minimum, Maximum, SampleCount or pNN)");
  }
}
