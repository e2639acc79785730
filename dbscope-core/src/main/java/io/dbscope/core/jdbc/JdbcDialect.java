package io.dbscope.core.jdbc;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.engine.ServerFacts;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/** What a JDBC engine adds to the shared JDBC machinery: its URL and how to read server facts. */
public interface JdbcDialect {

  /** The JDBC URL for a datasource, without credentials. */
  String jdbcUrl(DatasourceConfig config);

  /** Driver properties (timeouts, SSL, application name). */
  default Properties driverProperties(DatasourceConfig config) {
    return new Properties();
  }

  /** Reads version, role and extensions over an open connection. */
  ServerFacts facts(Connection connection, Duration timeout) throws SQLException;
}
