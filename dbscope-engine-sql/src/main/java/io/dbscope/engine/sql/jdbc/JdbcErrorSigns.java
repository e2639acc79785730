package io.dbscope.engine.sql.jdbc;

import io.dbscope.core.scrape.ErrorKind;
import io.dbscope.core.scrape.ErrorSigns;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.util.List;
import java.util.Optional;

/**
 * What every JDBC driver's errors say in standard terms: {@link SQLTimeoutException}, SQLState
 * class 28 (invalid authorization) and class 08 (connection exception). An engine adds the words of
 * its own server's messages.
 *
 * <pre>{@code
 * JdbcErrorSigns.with(List.of("access denied"), List.of("query execution was interrupted"),
 *     List.of());
 * }</pre>
 */
public final class JdbcErrorSigns {
  private JdbcErrorSigns() {}

  /** The JDBC signs plus the engine's message words (lower case). */
  public static ErrorSigns with(
      List<String> authWords, List<String> timeoutWords, List<String> lostWords) {
    return new ErrorSigns(
        JdbcErrorSigns::kind, JdbcErrorSigns::lost, authWords, timeoutWords, lostWords);
  }

  private static Optional<ErrorKind> kind(Throwable t) {
    if (t instanceof SQLTimeoutException) {
      return Optional.of(ErrorKind.TIMEOUT);
    }
    if (sqlState(t).startsWith("28")) {
      return Optional.of(ErrorKind.AUTH);
    }
    return Optional.empty();
  }

  private static boolean lost(Throwable t) {
    return sqlState(t).startsWith("08");
  }

  private static String sqlState(Throwable t) {
    return t instanceof SQLException s && s.getSQLState() != null ? s.getSQLState() : "";
  }
}
