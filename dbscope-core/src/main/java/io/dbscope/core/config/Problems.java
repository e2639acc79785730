package io.dbscope.core.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Collects every problem and warning of one load, so that the user sees them all at once. Lines
 * come from the file's {@link LineIndex}, by JSON pointer.
 */
final class Problems {
  private final String file;
  private final LineIndex lines;
  private final List<ConfigProblem> errors = new ArrayList<>();
  private final List<ConfigProblem> warnings = new ArrayList<>();

  Problems(String file, LineIndex lines) {
    this.file = file;
    this.lines = lines;
  }

  void error(String pointer, String key, String reason) {
    errors.add(new ConfigProblem(file, lines.line(pointer), key, reason));
  }

  void warn(String pointer, String key, String reason) {
    warnings.add(new ConfigProblem(file, lines.line(pointer), key, reason));
  }

  boolean hasErrors() {
    return !errors.isEmpty();
  }

  int errorCount() {
    return errors.size();
  }

  int line(String pointer) {
    return lines.line(pointer);
  }

  /** Errors in file order; those without a line keep their order and come last. */
  List<ConfigProblem> errors() {
    return inFileOrder(errors);
  }

  List<String> warnings() {
    return inFileOrder(warnings).stream().map(ConfigProblem::toString).toList();
  }

  private static List<ConfigProblem> inFileOrder(List<ConfigProblem> list) {
    List<ConfigProblem> sorted = new ArrayList<>(list);
    sorted.sort(Comparator.comparingInt(p -> p.line() == 0 ? Integer.MAX_VALUE : p.line()));
    return sorted;
  }
}
