package io.dbscope.jdbc;

import io.dbscope.testkit.PostgresFixture;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.postgresql.ds.PGSimpleDataSource;

/** The contract on a real PostgreSQL (zonky embedded binaries). */
class PostgresJdbcTest extends JdbcContract {
  static PostgresFixture pg;

  @BeforeAll
  static void start() {
    pg = PostgresFixture.builder().statStatements().start();
    try (java.sql.Connection c = pg.connect();
        java.sql.Statement st = c.createStatement()) {
      st.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterAll
  static void stop() {
    pg.close();
  }

  @Override
  DataSource rawDataSource() {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(pg.jdbcUrl("postgres"));
    ds.setUser(pg.user());
    return ds;
  }

  @Override
  String dbscopeUrl(String name) {
    return pg.jdbcUrl("postgres").replace("jdbc:", "jdbc:dbscope:") + "?dbscope.name=" + name;
  }

  @Override
  String user() {
    return pg.user();
  }

  @Override
  String password() {
    return "";
  }

  @Override
  java.util.List<String> serverTexts(String table) throws java.sql.SQLException {
    java.util.List<String> out = new java.util.ArrayList<>();
    try (java.sql.Connection c = pg.connect();
        java.sql.PreparedStatement ps =
            c.prepareStatement("SELECT query FROM pg_stat_statements WHERE query LIKE ?")) {
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
    return io.dbscope.sql.SqlDialect.POSTGRES;
  }

  @Override
  String systemName() {
    return "postgresql";
  }
}
