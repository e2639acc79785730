package io.dbscope.core.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A config file that cannot be used, with every problem found in it (the loader does not stop at
 * the first one). Its message is the problems, one per line, so that a command can print it and
 * exit with code 2 and no stack trace.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  // dbscope never serializes its exceptions: the list is for the caller in this process.
  @SuppressWarnings("serial")
  private final List<ConfigProblem> problems;

  public ConfigException(List<ConfigProblem> problems) {
    super(problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  /** The problems in file order (problems without a line last). */
  public List<ConfigProblem> problems() {
    return problems;
  }
}
