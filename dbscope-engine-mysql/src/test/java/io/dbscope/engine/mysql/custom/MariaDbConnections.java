package io.dbscope.engine.mysql.custom;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.ResultSet;
import java.sql.Statement;

/** The server's {@code Connections} status: connection attempts since it started. */
final class MariaDbConnections {
  private MariaDbConnections() {}

  static long count(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS"
                    + " WHERE VARIABLE_NAME = 'CONNECTIONS'")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
