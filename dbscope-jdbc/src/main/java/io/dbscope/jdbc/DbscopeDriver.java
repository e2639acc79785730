package io.dbscope.jdbc;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The {@code jdbc:dbscope:} URL prefix, for programs that only configure a URL: {@code
 * jdbc:dbscope:postgresql://db:5432/orders?dbscope.name=orders} opens {@code
 * jdbc:postgresql://db:5432/orders} with whatever driver accepts it and measures the connection
 * into {@link PrometheusRegistry#defaultRegistry}. The datasource name is the {@code dbscope.name}
 * parameter (removed before the real driver sees the URL), else host and database ({@code
 * db/orders}). Registers itself with {@link DriverManager} (JDBC 4 service loading).
 */
public final class DbscopeDriver implements Driver {
  static final String PREFIX = "jdbc:dbscope:";
  static final String NAME_PARAMETER = "dbscope.name";

  static {
    try {
      DriverManager.registerDriver(new DbscopeDriver());
    } catch (SQLException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null;
    }
    DriverUrl parsed = DriverUrl.parse(url);
    Driver real = DriverManager.getDriver(parsed.target());
    Connection raw = real.connect(parsed.target(), info);
    if (raw == null) {
      throw new SQLException("dbscope-jdbc: no driver opened " + parsed.target(), "08001");
    }
    Instrument instrument =
        Families.of(PrometheusRegistry.defaultRegistry)
            .instrument(parsed.name(), JdbcOptions.DEFAULTS);
    try {
      return instrument.wrap(raw);
    } catch (SQLException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }

  @Override
  public boolean acceptsURL(String url) {
    return url != null && url.startsWith(PREFIX);
  }

  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return new DriverPropertyInfo[0];
    }
    String target = DriverUrl.parse(url).target();
    return DriverManager.getDriver(target).getPropertyInfo(target, info);
  }

  @Override
  public int getMajorVersion() {
    return 0;
  }

  @Override
  public int getMinorVersion() {
    return 1;
  }

  @Override
  public boolean jdbcCompliant() {
    return false;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("dbscope-jdbc uses no java.util.logging");
  }
}
