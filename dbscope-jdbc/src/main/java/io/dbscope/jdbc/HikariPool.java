package io.dbscope.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * A HikariCP pool's counts from its {@link HikariPoolMXBean} (no JMX registration needed: the data
 * source hands the bean out). Only loaded when HikariCP is on the class path, see {@link #of}.
 */
final class HikariPool implements PoolGauges.Pool {
  private static final String CLASS = "com.zaxxer.hikari.HikariDataSource";
  private final String datasource;
  private final HikariDataSource pool;

  private HikariPool(String datasource, HikariDataSource pool) {
    this.datasource = datasource;
    this.pool = pool;
  }

  /** The pool behind {@code ds}, or null when it is none (or HikariCP is absent). */
  static PoolGauges.Pool of(String datasource, DataSource ds) {
    try {
      Class.forName(CLASS, false, HikariPool.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
    return hikari(datasource, ds);
  }

  private static PoolGauges.Pool hikari(String datasource, DataSource ds) {
    try {
      if (ds instanceof HikariDataSource h) {
        return new HikariPool(datasource, h);
      }
      if (ds.isWrapperFor(HikariDataSource.class)) {
        return new HikariPool(datasource, ds.unwrap(HikariDataSource.class));
      }
    } catch (SQLException e) {
      return null;
    }
    return null;
  }

  @Override
  public String datasource() {
    return datasource;
  }

  @Override
  public String poolName() {
    String n = pool.getPoolName();
    return n == null ? "" : n;
  }

  @Override
  public int[] counts() {
    HikariPoolMXBean bean = pool.getHikariPoolMXBean();
    if (bean == null) {
      return new int[] {-1, -1, -1, -1, -1};
    }
    return new int[] {
      bean.getIdleConnections(),
      bean.getActiveConnections(),
      bean.getThreadsAwaitingConnection(),
      pool.getMaximumPoolSize(),
      pool.getMinimumIdle()
    };
  }
}
