package io.dbscope.examples.jdbcapp;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;

/**
 * What each worker does in a loop, so that every panel of the dashboard has data: lookups (reads),
 * orders in transactions (one in four rolled back), batches of 50 order lines, and now and then a
 * statement that fails (a missing table: SQLSTATE class 42).
 */
final class Workload {
  private final DataSource ds;
  private volatile boolean running = true;

  Workload(DataSource ds) {
    this.ds = ds;
  }

  void schema() {
    try (Connection c = ds.getConnection();
        Statement st = c.createStatement()) {
      st.execute(
          "CREATE TABLE IF NOT EXISTS orders (id BIGSERIAL PRIMARY KEY, customer INT, total NUMERIC)");
      st.execute(
          "CREATE TABLE IF NOT EXISTS order_lines (order_id BIGINT, item INT, quantity INT)");
      st.execute(
          "INSERT INTO orders (customer, total) SELECT g, g * 1.5 FROM generate_series(1, 100) g");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the example's tables: " + e.getMessage(), e);
    }
  }

  void loop() {
    long n = 0;
    while (running) {
      n++;
      try (Connection c = ds.getConnection()) {
        lookup(c);
        if (n % 5 == 0) {
          order(c, n % 20 == 0);
        }
        if (n % 25 == 0) {
          lines(c);
        }
        if (n % 50 == 0) {
          fail(c);
        }
      } catch (SQLException e) {
        // Expected for the failing statement; the library has counted it.
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  void stop() {
    running = false;
  }

  private static void lookup(Connection c) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT id, total FROM orders WHERE customer = ?")) {
      ps.setInt(1, ThreadLocalRandom.current().nextInt(1, 101));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rs.getLong(1);
        }
      }
    }
  }

  private static void order(Connection c, boolean rollBack) throws SQLException {
    c.setAutoCommit(false);
    try (PreparedStatement ps =
        c.prepareStatement("UPDATE orders SET total = total + ? WHERE customer = ?")) {
      ps.setInt(1, 1);
      ps.setInt(2, ThreadLocalRandom.current().nextInt(1, 101));
      ps.executeUpdate();
      if (rollBack) {
        c.rollback();
      } else {
        c.commit();
      }
    } finally {
      c.setAutoCommit(true);
    }
  }

  private static void lines(Connection c) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("INSERT INTO order_lines (order_id, item, quantity) VALUES (?, ?, ?)")) {
      for (int i = 0; i < 50; i++) {
        ps.setLong(1, i);
        ps.setInt(2, i);
        ps.setInt(3, 1);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private static void fail(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.executeQuery("SELECT * FROM no_such_orders");
    }
  }
}
