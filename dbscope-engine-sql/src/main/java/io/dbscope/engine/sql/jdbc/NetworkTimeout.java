package io.dbscope.engine.sql.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;

/**
 * The socket read backstop of a connection, for drivers that have one. Some JDBC 4 drivers (HSQLDB,
 * Derby's network client, embedded databases with no socket at all) answer {@code
 * setNetworkTimeout} with {@link SQLFeatureNotSupportedException}; for them the statement's own
 * {@code setQueryTimeout} is the only bound, as it is the main one for every driver.
 */
final class NetworkTimeout {
  private NetworkTimeout() {}

  /** Sets the backstop where the driver has one; {@code 0} (none) is what such a driver keeps. */
  static void set(Connection c, int millis) throws SQLException {
    try {
      c.setNetworkTimeout(Runnable::run, millis);
    } catch (SQLFeatureNotSupportedException e) {
      // No socket timeout in this driver: nothing to set, nothing to restore later.
    }
  }

  /** The backstop now set; 0 for a driver that has none. */
  static int get(Connection c) throws SQLException {
    try {
      return c.getNetworkTimeout();
    } catch (SQLFeatureNotSupportedException e) {
      return 0;
    }
  }
}
