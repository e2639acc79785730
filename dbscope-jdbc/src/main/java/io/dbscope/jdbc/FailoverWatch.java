package io.dbscope.jdbc;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Counts failovers: a new physical connection that lands on another server than the previous new
 * one. Each physical connection (what a pool's logical connection unwraps to) is asked once which
 * server it is on ({@link DbSystem#identityQuery}); a pool reuses connections, so that costs one
 * short query per connection the pool opens, not per checkout. Runs on connection checkout only,
 * never on the statement path.
 */
final class FailoverWatch {
  private final CounterDataPoint failovers;
  private final Map<Connection, Boolean> seen = Collections.synchronizedMap(new WeakHashMap<>());
  private final AtomicReference<String> last = new AtomicReference<>();

  FailoverWatch(CounterDataPoint failovers) {
    this.failovers = failovers;
  }

  void check(Connection raw, DbSystem system) {
    if (system.identityQuery() == null) {
      return;
    }
    try {
      Connection physical = raw.isWrapperFor(Connection.class) ? raw.unwrap(Connection.class) : raw;
      if (seen.put(physical, Boolean.TRUE) != null) {
        return;
      }
      String server = identity(raw, system.identityQuery());
      String before = last.getAndSet(server);
      if (before != null && !before.equals(server)) {
        failovers.inc();
      }
    } catch (SQLException e) {
      // A server that cannot say who it is: no failover can be told, the connection still works.
    }
  }

  private static String identity(Connection c, String query) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(query)) {
      return rs.next() ? rs.getString(1) : "";
    }
  }
}
