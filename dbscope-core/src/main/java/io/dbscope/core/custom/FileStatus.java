package io.dbscope.core.custom;

import java.nio.file.Path;
import java.util.List;

/**
 * Whether one custom metrics file of one datasource is in use, and which of its metrics were
 * refused. A metric with a problem is refused alone and the rest of the file runs, so that a bad
 * query does not take the honest metrics beside it along; only a problem that concerns no single
 * metric (the file cannot be read or is not the format, {@code disable} names no built-in) leaves
 * the file out whole.
 *
 * @param file the file, as configured
 * @param loaded whether the file is in use (its metrics that are fine run)
 * @param problems every problem of the file: of the whole file and of its refused metrics
 * @param metrics the collectors it holds that are fine (they run only when {@code loaded})
 * @param refused its metrics that do not run because of problems of their own
 */
public record FileStatus(
    Path file,
    boolean loaded,
    List<Problem> problems,
    List<CustomMetric> metrics,
    List<RefusedMetric> refused) {
  public FileStatus {
    problems = List.copyOf(problems);
    metrics = List.copyOf(metrics);
    refused = List.copyOf(refused);
  }

  /** Whether everything in the file runs. */
  public boolean clean() {
    return problems.isEmpty();
  }
}
