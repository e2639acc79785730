package io.dbscope.core.custom;

import java.nio.file.Path;

/**
 * One reason a custom metric, or a whole custom metrics file, was not loaded.
 *
 * @param file the file, as configured
 * @param line line in the file, 0 when the problem concerns the whole file
 * @param metric the metric's context (TOML) or id (YAML), empty for a file-level problem
 * @param reason what is wrong, in words a user can act on
 */
public record Problem(Path file, int line, String metric, String reason) {

  /** {@code file:line: metric name: reason}. */
  @Override
  public String toString() {
    return file
        + (line > 0 ? ":" + line : "")
        + ": "
        + (metric.isEmpty() ? "" : "metric " + metric + ": ")
        + reason;
  }
}
