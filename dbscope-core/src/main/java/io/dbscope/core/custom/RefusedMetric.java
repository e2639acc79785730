package io.dbscope.core.custom;

import java.nio.file.Path;
import java.util.List;

/**
 * One metric of a custom metrics file that does not run, while the rest of its file does: a bad
 * query must not take the honest metrics beside it along (only a problem that concerns no single
 * metric leaves a whole file out, see {@link FileStatus}).
 *
 * @param file the file, as configured
 * @param name the TOML context or YAML id as written ({@code #<line>} when it has none)
 * @param collector its collector id when it got that far ({@code custom:<context>} or the YAML id),
 *     else empty
 * @param metricNames the metric names it would have exported, when known
 * @param problems why it is refused, at least one, each with line and reason
 */
public record RefusedMetric(
    Path file, String name, String collector, List<String> metricNames, List<Problem> problems) {
  public RefusedMetric {
    metricNames = List.copyOf(metricNames);
    problems = List.copyOf(problems);
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a refused metric needs a reason");
    }
  }

  /** Refused while its file was read: it never became a collector. */
  static RefusedMetric of(Path file, String name, List<Problem> problems) {
    return new RefusedMetric(file, name, "", List.of(), problems);
  }

  /** Refused while resolving for a datasource: fine alone, but not beside the rest. */
  static RefusedMetric of(CustomMetric m, List<Problem> problems) {
    return new RefusedMetric(m.file(), m.name(), m.id(), m.metricNames(), problems);
  }

  /** The line of its first problem: where to look first. */
  public int line() {
    return problems.getFirst().line();
  }

  /** Its reasons, joined with {@code "; "}. */
  public String reason() {
    return String.join("; ", problems.stream().map(Problem::reason).toList());
  }

  /** {@code file:line: metric name: reason; reason}: never the query's text. */
  @Override
  public String toString() {
    return new Problem(file, line(), name, reason()).toString();
  }
}
