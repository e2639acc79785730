package io.dbscope.jdbc;

import io.dbscope.testkit.MariaDbFixture;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.mariadb.jdbc.MariaDbDataSource;

/** The contract on a real MariaDB (Debian's server binaries, own datadir and port). */
class MariaDbJdbcTest extends JdbcContract {
  static MariaDbFixture db;

  @BeforeAll
  static void start() throws SQLException {
    db = MariaDbFixture.builder().start();
    try (Connection c = DriverManager.getConnection(db.jdbcUrl("mysql"), db.user(), "");
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE IF NOT EXISTS app");
    }
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  @Override
  DataSource rawDataSource() {
    try {
      MariaDbDataSource ds = new MariaDbDataSource(db.jdbcUrl("app"));
      ds.setUser(db.user());
      ds.setPassword("");
      return ds;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  String dbscopeUrl(String name) {
    return db.jdbcUrl("app").replace("jdbc:", "jdbc:dbscope:") + "&dbscope.name=" + name;
  }

  @Override
  String user() {
    return db.user();
  }

  @Override
  String password() {
    return "";
  }

  @Override
  java.util.List<String> serverTexts(String table) throws SQLException {
    java.util.List<String> out = new java.util.ArrayList<>();
    try (Connection c = DriverManager.getConnection(db.jdbcUrl("mysql"), db.user(), "");
        java.sql.PreparedStatement ps =
            c.prepareStatement(
                "SELECT DIGEST_TEXT FROM performance_schema.events_statements_summary_by_digest"
                    + " WHERE DIGEST_TEXT LIKE ?")) {
      ps.setString(1, "%" + table + "%");
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  @Override
  io.dbscope.sql.SqlDialect dialect() {
    return io.dbscope.sql.SqlDialect.MYSQL;
  }

  @Override
  String systemName() {
    return "mariadb";
  }
}
