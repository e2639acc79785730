package io.dbscope.core.scrape;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A failure reduced to a handful of kinds: a bounded label value for metrics (the message itself
 * goes to the log and the landing page, never into a label). Core knows the socket errors and a few
 * words every driver uses; what a driver says in its own terms comes from the engine as {@link
 * ErrorSigns} (see {@code Engine.classify}).
 */
public enum ErrorKind {
  REFUSED,
  TIMEOUT,
  AUTH,
  UNKNOWN_HOST,
  OTHER;

  private static final List<String> AUTH_WORDS = List.of("authentication");
  private static final List<String> TIMEOUT_WORDS = List.of("timed out", "timeout");
  private static final List<String> LOST_WORDS = List.of("connection is closed", "broken pipe");

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** {@link #connectionLost(Throwable, ErrorSigns)} with core's rules only. */
  public static boolean connectionLost(Throwable e) {
    return connectionLost(e, ErrorSigns.NONE);
  }

  /**
   * Whether the connection itself broke (socket errors, a closed connection, what the engine's
   * signs say): nothing more can run on it in this scrape.
   */
  public static boolean connectionLost(Throwable e, ErrorSigns signs) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (signs.lost().test(t)) {
        return true;
      }
      if (t instanceof java.io.IOException) {
        return true;
      }
      String m = message(t);
      if (anyIn(m, LOST_WORDS) || anyIn(m, signs.lostWords())) {
        return true;
      }
    }
    return false;
  }

  /** {@link #of(Throwable, ErrorSigns)} with core's rules only. */
  public static ErrorKind of(Throwable e) {
    return of(e, ErrorSigns.NONE);
  }

  /**
   * The kind of the first throwable in the cause chain that says one: its type (core's socket
   * errors, then the engine's types and codes), then the words of its message.
   */
  public static ErrorKind of(Throwable e, ErrorSigns signs) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
        return REFUSED;
      }
      if (t instanceof SocketTimeoutException) {
        return TIMEOUT;
      }
      if (t instanceof UnknownHostException) {
        return UNKNOWN_HOST;
      }
      Optional<ErrorKind> byType = signs.kind().apply(t);
      if (byType.isPresent()) {
        return byType.get();
      }
      String m = message(t);
      if (anyIn(m, signs.authWords()) || anyIn(m, AUTH_WORDS)) {
        return AUTH;
      }
      if (anyIn(m, TIMEOUT_WORDS) || anyIn(m, signs.timeoutWords())) {
        return TIMEOUT;
      }
      if (m.contains("connection refused")) {
        return REFUSED;
      }
    }
    return OTHER;
  }

  private static String message(Throwable t) {
    return t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
  }

  private static boolean anyIn(String message, List<String> words) {
    for (String w : words) {
      if (message.contains(w)) {
        return true;
      }
    }
    return false;
  }
}
