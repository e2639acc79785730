package io.dbscope.core.scrape;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.util.Locale;

/**
 * A failure reduced to a handful of kinds: a bounded label value for metrics (the message itself
 * goes to the log and the landing page, never into a label).
 */
public enum ErrorKind {
  REFUSED,
  TIMEOUT,
  AUTH,
  UNKNOWN_HOST,
  OTHER;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Whether the connection itself broke (SQLState class 08, socket errors, a closed connection):
   * nothing more can run on it in this scrape.
   */
  public static boolean connectionLost(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("08")) {
        return true;
      }
      if (t instanceof java.io.IOException) {
        return true;
      }
      String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
      if (m.contains("connection has been closed") || m.contains("connection is closed")
          || m.contains("unexpected end of stream") || m.contains("broken pipe")) {
        return true;
      }
    }
    return false;
  }

  public static ErrorKind of(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
        return REFUSED;
      }
      if (t instanceof SocketTimeoutException || t instanceof SQLTimeoutException) {
        return TIMEOUT;
      }
      if (t instanceof UnknownHostException) {
        return UNKNOWN_HOST;
      }
      if (t instanceof SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("28")) {
        return AUTH;
      }
      String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
      if (m.contains("wrongpass") || m.contains("noauth") || m.contains("access denied")
          || m.contains("password authentication failed") || m.contains("authentication")) {
        return AUTH;
      }
      if (m.contains("timed out") || m.contains("timeout") || m.contains("canceling statement")
          || m.contains("query execution was interrupted")) {
        return TIMEOUT;
      }
      if (m.contains("connection refused")) {
        return REFUSED;
      }
    }
    return OTHER;
  }
}
