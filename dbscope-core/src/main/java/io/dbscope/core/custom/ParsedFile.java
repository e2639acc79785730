package io.dbscope.core.custom;

import java.nio.file.Path;
import java.util.List;

/**
 * A custom metrics file as read and checked once, whatever datasources use it: its collectors, the
 * built-in collectors it disables, and its problems. Checks that depend on a datasource (its
 * engine's built-ins, its labels) come later, in {@link CustomFiles#resolve}.
 *
 * @param file the file, as configured
 * @param metrics the collectors that passed every check
 * @param disable built-in collector ids the file turns off (YAML {@code disable:})
 * @param problems everything wrong, each with line and metric
 * @param refused the metrics refused alone (their problems are among {@code problems})
 */
public record ParsedFile(
    Path file,
    List<CustomMetric> metrics,
    List<String> disable,
    List<Problem> problems,
    List<RefusedMetric> refused) {
  public ParsedFile {
    metrics = List.copyOf(metrics);
    disable = List.copyOf(disable);
    problems = List.copyOf(problems);
    refused = List.copyOf(refused);
  }

  public boolean ok() {
    return problems.isEmpty();
  }

  /**
   * The problems that concern no single metric (the file cannot be read, its structure is not the
   * format's, {@code disable} names no built-in): any of them leaves the file out whole.
   */
  public List<Problem> fileProblems() {
    return problems.stream().filter(p -> p.metric().isEmpty()).toList();
  }
}
