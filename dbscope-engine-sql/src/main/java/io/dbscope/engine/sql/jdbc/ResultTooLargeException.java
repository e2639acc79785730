package io.dbscope.engine.sql.jdbc;

import java.sql.SQLException;

/**
 * A guarded query's result passed a byte bound ({@link ResultBounds}). The rest of the result was
 * not read and the connection was discarded, since a driver left in the middle of a result cannot
 * serve the next statement. SQLSTATE {@code 54000} (program limit exceeded), which no pool takes
 * for a broken connection.
 */
public final class ResultTooLargeException extends SQLException {
  private static final long serialVersionUID = 1L;

  ResultTooLargeException(String reason) {
    super(reason + "; the rest was not read and the connection was discarded", "54000");
  }
}
