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
  String systemName() {
    return "postgresql";
  }
}
