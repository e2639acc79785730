package io.dbscope.core.custom;

import java.util.List;

/**
 * Custom metrics files with problems while dbscope runs in strict mode ({@code dbscope run
 * --strict}): start-up is refused, and the message lists every problem on its own line as {@code
 * file:line: metric name: reason}.
 */
public final class CustomMetricsException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient List<Problem> problems;

  public CustomMetricsException(List<Problem> problems) {
    super(message(problems));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }

  private static String message(List<Problem> problems) {
    StringBuilder sb =
        new StringBuilder("custom metrics files have ")
            .append(problems.size())
            .append(problems.size() == 1 ? " problem" : " problems")
            .append(" (strict mode refuses to start):");
    for (Problem p : problems) {
      sb.append("\n  ").append(p);
    }
    return sb.toString();
  }
}
