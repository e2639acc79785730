package io.dbscope.bench;

import com.p6spy.engine.spy.P6DataSource;
import io.dbscope.jdbc.DbscopeJdbc;
import io.dbscope.testkit.PostgresFixture;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One statement (prepare, bind, execute, read its one row, close) through the raw driver, through
 * dbscope-jdbc, through datasource-proxy (with its query counter) and through p6spy (with an
 * appender that writes nothing), on a driver that does no I/O and on a real PostgreSQL on loopback.
 * The overhead of an instrumentation is its score minus the raw one; {@code -prof gc} gives the
 * bytes allocated per statement ({@code gc.alloc.rate.norm}). See docs/benchmarks.md.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class JdbcOverheadBenchmark {
  static final String SQL = "SELECT ? AS id";

  @Param({"noio", "postgres"})
  public String driver;

  @Param({"raw", "dbscope", "datasource-proxy", "p6spy"})
  public String instrumentation;

  private PostgresFixture pg;
  private Connection connection;
  private int i;

  @Setup(Level.Trial)
  public void setUp() throws SQLException {
    DataSource raw;
    if (driver.equals("postgres")) {
      pg = PostgresFixture.builder().start();
      PGSimpleDataSource ds = new PGSimpleDataSource();
      ds.setUrl(pg.jdbcUrl("postgres"));
      ds.setUser(pg.user());
      raw = ds;
    } else {
      raw = new NoIoDataSource();
    }
    connection = instrument(raw).getConnection();
  }

  private DataSource instrument(DataSource raw) {
    return switch (instrumentation) {
      case "raw" -> raw;
      case "dbscope" -> DbscopeJdbc.wrap(raw, "bench", new PrometheusRegistry());
      case "datasource-proxy" ->
          ProxyDataSourceBuilder.create(raw).name("bench").countQuery().build();
      case "p6spy" -> {
        System.setProperty("p6spy.config.appender", NoopP6Logger.class.getName());
        System.setProperty("p6spy.config.jmx", "false");
        yield new P6DataSource(raw);
      }
      default -> throw new IllegalArgumentException("unknown instrumentation " + instrumentation);
    };
  }

  @TearDown(Level.Trial)
  public void tearDown() throws SQLException {
    connection.close();
    if (pg != null) {
      pg.close();
    }
  }

  @Benchmark
  public int statement() throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(SQL)) {
      ps.setInt(1, ++i);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getInt(1) : -1;
      }
    }
  }
}
