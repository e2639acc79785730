package io.dbscope.core.custom;

import java.nio.file.Path;
import java.util.List;

/**
 * Whether one custom metrics file of one datasource is in use: a file with any problem is left out
 * whole (its other metrics too), so that what runs is always exactly what a file says.
 *
 * @param file the file, as configured
 * @param loaded whether its collectors run
 * @param problems why not, each with line and metric
 * @param metrics the collectors it holds that are fine (they run only when {@code loaded})
 */
public record FileStatus(
    Path file, boolean loaded, List<Problem> problems, List<CustomMetric> metrics) {
  public FileStatus {
    problems = List.copyOf(problems);
    metrics = List.copyOf(metrics);
  }
}
