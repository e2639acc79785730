package io.dbscope.jdbc;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Database metrics from inside the application: wraps a {@link DataSource} so that every statement,
 * transaction and batch on its connections is measured into Prometheus metrics named after
 * OpenTelemetry's database conventions ({@code db_client_operation_duration_seconds} and friends),
 * and every statement fingerprint gets application-side statistics ({@link #statementsJson}).
 *
 * <pre>{@code
 * DataSource orders = DbscopeJdbc.wrap(hikari, "orders"); // into PrometheusRegistry.defaultRegistry
 * DataSource mine = DbscopeJdbc.builder().registry(registry)
 *     .slowThreshold(Duration.ofMillis(200)).build().instrument(hikari, "orders");
 * }</pre>
 *
 * <p>Programs that only configure a JDBC URL use {@code jdbc:dbscope:postgresql://…} instead (see
 * {@link DbscopeDriver}). Wrapping is cheap and needs no I/O; the first connection tells which
 * database system it is.
 */
public final class DbscopeJdbc {
  private final Families families;
  private final JdbcOptions options;

  private DbscopeJdbc(Families families, JdbcOptions options) {
    this.families = families;
    this.options = options;
  }

  /** Wraps a data source; metrics go to {@link PrometheusRegistry#defaultRegistry}. */
  public static DataSource wrap(DataSource dataSource, String name) {
    return wrap(dataSource, name, PrometheusRegistry.defaultRegistry);
  }

  /** Wraps a data source; metrics go to {@code registry}. */
  public static DataSource wrap(DataSource dataSource, String name, PrometheusRegistry registry) {
    return builder().registry(registry).build().instrument(dataSource, name);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Wraps a data source under a datasource name (the {@code datasource} label). A HikariCP pool
   * also gets its {@code db_client_connection_*} gauges.
   */
  public DataSource instrument(DataSource dataSource, String name) {
    Objects.requireNonNull(dataSource, "dataSource");
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("dbscope-jdbc: a datasource needs a non-blank name");
    }
    if (dataSource instanceof InstrumentedDataSource) {
      throw new IllegalArgumentException(
          "dbscope-jdbc: datasource " + name + " is already instrumented");
    }
    boolean fresh = families.find(name) == null;
    Instrument instrument = families.instrument(name, options);
    if (fresh) {
      PoolGauges.Pool pool = HikariPool.of(name, dataSource);
      if (pool != null) {
        families.metrics.pools.add(pool);
      }
    }
    return new InstrumentedDataSource(dataSource, instrument);
  }

  /**
   * The statistics per statement fingerprint of every datasource of this registry, as JSON: the
   * {@code limit} fingerprints with the most time per datasource. See {@link StatementsJson}.
   */
  public String statementsJson(int limit) {
    return StatementsJson.write(families.all(), limit);
  }

  /** Options before {@link #build}. */
  public static final class Builder {
    private PrometheusRegistry registry = PrometheusRegistry.defaultRegistry;
    private Duration slowThreshold = JdbcOptions.DEFAULTS.slowThreshold();
    private int maxStatements = JdbcOptions.DEFAULTS.maxStatements();
    private boolean failover = JdbcOptions.DEFAULTS.failover();
    private boolean spans = JdbcOptions.DEFAULTS.spans();

    private Builder() {}

    public Builder registry(PrometheusRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /** Statements at least this long are logged once per fingerprint; zero: never (default 1 s). */
    public Builder slowThreshold(Duration threshold) {
      this.slowThreshold = threshold;
      return this;
    }

    /** Fingerprints tracked per datasource (default 500); later ones count as overflow. */
    public Builder maxStatements(int max) {
      this.maxStatements = max;
      return this;
    }

    /** Whether to count failovers (one short query per new physical connection; default on). */
    public Builder failover(boolean on) {
      this.failover = on;
      return this;
    }

    /** Whether each statement opens an OpenTelemetry client span (default off). */
    public Builder spans(boolean on) {
      this.spans = on;
      return this;
    }

    public DbscopeJdbc build() {
      return new DbscopeJdbc(
          Families.of(registry), new JdbcOptions(slowThreshold, maxStatements, failover, spans));
    }
  }
}
