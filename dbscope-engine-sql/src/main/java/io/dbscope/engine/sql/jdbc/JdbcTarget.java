package io.dbscope.engine.sql.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.pool.HikariPool;
import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.engine.ConnectionsInUse;
import io.dbscope.core.engine.Session;
import io.dbscope.core.engine.Target;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

/**
 * A JDBC datasource's pool (HikariCP), created on first use so that a database that is down at
 * start-up costs nothing until it is scraped.
 *
 * <p>At fleet size every pool would bring its own housekeeping thread; all pools therefore share
 * one scheduler and make their helper threads from a virtual-thread factory.
 */
public final class JdbcTarget implements Target {
  private final DatasourceConfig config;
  private final JdbcDialect dialect;
  private final ScheduledExecutorService housekeeping;
  private final ThreadFactory threads;
  private volatile HikariDataSource pool;
  private boolean closed;

  public JdbcTarget(
      DatasourceConfig config,
      JdbcDialect dialect,
      ScheduledExecutorService housekeeping,
      ThreadFactory threads) {
    this.config = config;
    this.dialect = dialect;
    this.housekeeping = housekeeping;
    this.threads = threads;
  }

  @Override
  public Session open(Duration timeout) throws SQLException, ConnectionsInUse {
    HikariDataSource ds = pool();
    failFastWhenRefused(ds, timeout);
    Connection c;
    try {
      c = borrow(ds, timeout);
    } catch (SQLTransientConnectionException e) {
      throw allInUse(ds, e);
    }
    try {
      // A backstop below the query timeout: a server that stops answering mid-result cannot hold
      // the thread past the deadline.
      NetworkTimeout.set(c, (int) Math.max(1000, timeout.toMillis() + 1000));
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
    return new JdbcSession(c, dialect, ResultBounds.of(config), ds::evictConnection);
  }

  /**
   * A connection from the pool within {@code timeout}. HikariCP's own wait is its {@code
   * connectionTimeout} (the datasource's {@code connectTimeout}); a scrape's wait is cut shorter by
   * its deadline, so that a collection that started late does not go on waiting for a connection
   * after its scrape was answered, holding a collection slot and, as the collection in flight, the
   * datasource's next scrape.
   */
  private static Connection borrow(HikariDataSource ds, Duration timeout) throws SQLException {
    long ms = timeout.toMillis();
    if (ms < ds.getConnectionTimeout()
        && !ds.isClosed()
        && ds.getHikariPoolMXBean() instanceof HikariPool p) {
      return p.getConnection(Math.max(1, ms));
    }
    return ds.getConnection();
  }

  /**
   * HikariCP's wait timed out: as {@link ConnectionsInUse} when every connection the pool may open
   * was checked out (by a health check or a collection of dbscope's own), else as it came.
   */
  private SQLTransientConnectionException allInUse(
      HikariDataSource ds, SQLTransientConnectionException e) throws ConnectionsInUse {
    HikariPoolMXBean mx = ds.getHikariPoolMXBean();
    if (mx != null
        && mx.getTotalConnections() >= config.maxOpenConns()
        && mx.getActiveConnections() >= mx.getTotalConnections()) {
      throw new ConnectionsInUse(
          "all " + config.maxOpenConns() + " connections to " + config.address() + " are in use",
          e);
    }
    return e;
  }

  /**
   * With no connection in the pool, HikariCP retries a refused connect until its connection
   * timeout, so a stopped database would cost every scrape {@code connectTimeout}. One plain TCP
   * connect first (only then, and only for host/port datasources) turns "connection refused" into
   * an immediate failure; the circuit breaker does the rest.
   */
  private void failFastWhenRefused(HikariDataSource ds, Duration timeout) throws SQLException {
    if (config.url().isPresent() || config.host().isEmpty() || config.port() <= 0) {
      return;
    }
    HikariPoolMXBean mx = ds.getHikariPoolMXBean();
    if (mx != null && mx.getTotalConnections() > 0) {
      return;
    }
    try (java.net.Socket probe = new java.net.Socket()) {
      probe.connect(
          new java.net.InetSocketAddress(config.host(), config.port()),
          (int) Math.max(1, Math.min(timeout.toMillis(), config.connectTimeout().toMillis())));
    } catch (java.net.ConnectException e) {
      throw new java.sql.SQLNonTransientConnectionException(
          "cannot connect to " + config.address() + ": " + e.getMessage(), "08001", e);
    } catch (java.io.IOException e) {
      // A timeout or an unresolvable host: let the driver try and report it the usual way.
    }
  }

  private HikariDataSource pool() {
    HikariDataSource p = pool;
    if (p != null) {
      return p;
    }
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("datasource " + config.name() + " is closed");
      }
      if (pool == null) {
        pool = new HikariDataSource(hikariConfig());
      }
      return pool;
    }
  }

  HikariConfig hikariConfig() {
    HikariConfig h = new HikariConfig();
    h.setPoolName("dbscope-" + config.name());
    if (!config.user().isEmpty()) {
      h.setUsername(config.user());
    }
    if (!config.password().isEmpty()) {
      h.setPassword(config.password().reveal());
    }
    var driver = dialect.driver();
    if (driver.isPresent()) {
      h.setDataSource(
          new DriverDataSource(
              driver.get(), dialect.jdbcUrl(config), dialect.driverProperties(config)));
    } else {
      h.setJdbcUrl(dialect.jdbcUrl(config));
      h.setDataSourceProperties(dialect.driverProperties(config));
    }
    dialect.connectionInitSql().ifPresent(h::setConnectionInitSql);
    h.setExceptionOverride(new StatementErrors());
    h.setMaximumPoolSize(config.maxOpenConns());
    h.setMinimumIdle(Math.min(config.maxIdleConns(), config.maxOpenConns()));
    h.setMaxLifetime(Math.max(30_000, config.connMaxLifetime().toMillis()));
    h.setIdleTimeout(Math.max(10_000, Math.min(600_000, config.connMaxLifetime().toMillis() / 2)));
    h.setConnectionTimeout(Math.max(250, config.connectTimeout().toMillis()));
    h.setValidationTimeout(Math.max(250, Math.min(5000, config.connectTimeout().toMillis())));
    h.setInitializationFailTimeout(-1);
    h.setAutoCommit(true);
    h.setReadOnly(true);
    h.setRegisterMbeans(false);
    h.setScheduledExecutor(housekeeping);
    h.setThreadFactory(threads);
    return h;
  }

  @Override
  public int connectionsHeld() {
    HikariDataSource p = pool;
    if (p == null) {
      return 0;
    }
    HikariPoolMXBean mx = p.getHikariPoolMXBean();
    return mx == null ? 0 : mx.getTotalConnections();
  }

  @Override
  public void close() {
    HikariDataSource p;
    synchronized (this) {
      closed = true;
      p = pool;
      pool = null;
    }
    if (p != null) {
      p.close();
    }
  }
}
