package io.dbscope.engine.sql.jdbc;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;

/**
 * Tells HikariCP which errors mean a broken connection: only connection exceptions (SQLSTATE class
 * {@code 08}). Out of the box HikariCP also evicts on a few statement errors ({@code 0A000}
 * "feature not supported", {@code 57P01}…, MySQL's error 1105), so one custom query with, say, a
 * cross-database reference cost a new connection on every scrape and cut the scrape short. The
 * exception's class says nothing more: the MariaDB driver makes a {@link
 * java.sql.SQLTransientConnectionException} of any SQLSTATE class it does not know, such as one a
 * stored function raises with {@code SIGNAL}.
 *
 * <p>A connection that an error did leave unusable without saying so is still caught: after a
 * failed custom query the session is rolled back and reset, and a failure there discards the
 * connection ({@link JdbcSession}); a dead connection fails its next statement with a class {@code
 * 08} error, which evicts it, and the scrape goes on with a new one.
 */
final class StatementErrors implements SQLExceptionOverride {
  @java.lang.Override
  public SQLExceptionOverride.Override adjudicate(SQLException e) {
    String state = e.getSQLState();
    return state == null || state.startsWith("08")
        ? SQLExceptionOverride.Override.CONTINUE_EVICT
        : SQLExceptionOverride.Override.DO_NOT_EVICT;
  }
}
