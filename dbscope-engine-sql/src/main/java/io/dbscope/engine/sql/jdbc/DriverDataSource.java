package io.dbscope.engine.sql.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} over one {@link Driver} instance, for a driver that {@code DriverManager}
 * must not see: one loaded from a jar in a class loader of its own, so that two datasources may use
 * two versions of one driver and neither leaks onto dbscope's class path. HikariCP calls {@link
 * #getConnection(String, String)} with the datasource's user and password.
 */
final class DriverDataSource implements DataSource {
  private final Driver driver;
  private final String url;
  private final Properties properties;
  private volatile int loginTimeoutSeconds;

  DriverDataSource(Driver driver, String url, Properties properties) {
    this.driver = driver;
    this.url = url;
    this.properties = properties;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return connect(new Properties());
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    Properties p = new Properties();
    if (user != null) {
      p.setProperty("user", user);
    }
    if (password != null) {
      p.setProperty("password", password);
    }
    return connect(p);
  }

  private Connection connect(Properties credentials) throws SQLException {
    Properties p = new Properties();
    p.putAll(properties);
    p.putAll(credentials);
    Connection c = driver.connect(url, p);
    if (c == null) {
      // A driver answers null for a URL it does not take; say so instead of a NullPointerException.
      throw new SQLException(
          "driver " + driver.getClass().getName() + " does not accept this URL", "08001");
    }
    return c;
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {
    // Drivers log through their own loggers; nothing to set.
  }

  @Override
  public void setLoginTimeout(int seconds) {
    loginTimeoutSeconds = seconds;
  }

  @Override
  public int getLoginTimeout() {
    return loginTimeoutSeconds;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return driver.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    throw new SQLException("not a wrapper of " + iface.getName());
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return iface.isInstance(this);
  }
}
