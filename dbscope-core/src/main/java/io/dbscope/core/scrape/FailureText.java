package io.dbscope.core.scrape;

import io.dbscope.core.config.DatasourceConfig;

/**
 * The one readable line a failure of a datasource is told with, on the log, the landing page and by
 * {@code dbscope check}: the innermost useful message of the cause chain, its first line only (no
 * stack trace), and never the password, should a driver ever echo it back.
 *
 * <p>{@code new FailureText(config).of(e)} gives {@code "password authentication failed for user
 * \"x\""} for a driver exception wrapped twice.
 */
final class FailureText {
  /** Shorter passwords would mask ordinary words of the message; they are left alone. */
  private static final int MIN_REDACTED = 3;

  private final DatasourceConfig config;

  FailureText(DatasourceConfig config) {
    this.config = config;
  }

  /** The redacted message of {@code e}. */
  String of(Throwable e) {
    return redact(message(e));
  }

  /** {@code s} with this datasource's password masked. */
  String redact(String s) {
    String pw = config.password().reveal();
    return pw.length() < MIN_REDACTED ? s : s.replace(pw, "******");
  }

  /** The innermost useful message, or the exception's class name when none has one. */
  static String message(Throwable e) {
    Throwable t = e;
    String msg = null;
    while (t != null) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        msg = t.getMessage();
      }
      if (t.getCause() == null || t.getCause() == t) {
        break;
      }
      t = t.getCause();
    }
    String m = msg == null ? e.getClass().getSimpleName() : msg;
    return m.lines().findFirst().orElse(m).strip();
  }
}
