package io.dbscope.core.definition;

import java.util.List;

/** One or more problems in definition files, each naming file, line and key. */
public final class DefinitionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  // dbscope never serializes its exceptions: the list is for the caller in this process.
  @SuppressWarnings("serial")
  private final List<String> problems;

  public DefinitionException(List<String> problems) {
    super(String.join("\n", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
