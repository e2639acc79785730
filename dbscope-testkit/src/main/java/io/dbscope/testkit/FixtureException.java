package io.dbscope.testkit;

/** A fixture could not start: the message says what to install or what went wrong. */
public final class FixtureException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public FixtureException(String message) {
    super(message);
  }

  public FixtureException(String message, Throwable cause) {
    super(message, cause);
  }
}
