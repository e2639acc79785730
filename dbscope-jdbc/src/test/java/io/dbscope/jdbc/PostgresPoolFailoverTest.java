package io.dbscope.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.dbscope.testkit.ExpositionText;
import io.dbscope.testkit.PostgresFixture;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** Pool gauges from a real HikariCP pool, failovers between two real servers, exemplars. */
class PostgresPoolFailoverTest {
  static PostgresFixture a;
  static PostgresFixture b;

  @BeforeAll
  static void start() {
    a = PostgresFixture.builder().start();
    b = PostgresFixture.builder().start();
  }

  @AfterAll
  static void stop() {
    a.close();
    b.close();
  }

  @Test
  void hikariPoolGaugesComeFromItsPoolBean() throws SQLException {
    PrometheusRegistry registry = new PrometheusRegistry();
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(a.jdbcUrl("postgres"));
    config.setUsername(a.user());
    config.setMaximumPoolSize(4);
    config.setMinimumIdle(1);
    config.setPoolName("orders-pool");
    try (HikariDataSource hikari = new HikariDataSource(config)) {
      DataSource ds = DbscopeJdbc.wrap(hikari, "pooled", registry);
      Map<String, String> pool =
          Map.of("datasource", "pooled", "db_client_connection_pool_name", "orders-pool");
      try (Connection c = ds.getConnection();
          Statement st = c.createStatement()) {
        st.execute("SELECT 1");
        ExpositionText s = Scrape.of(registry);
        assertThat(s.value("db_client_connection_max", pool)).isEqualTo(4);
        assertThat(s.value("db_client_connection_idle_min", pool)).isEqualTo(1);
        assertThat(s.value("db_client_connection_pending_requests", pool)).isZero();
        assertThat(
                s.value(
                    "db_client_connection_count",
                    Map.of("datasource", "pooled", "db_client_connection_state", "used")))
            .isEqualTo(1);
      }
      assertThat(
              Scrape.of(registry)
                  .value(
                      "db_client_connection_count",
                      Map.of("datasource", "pooled", "db_client_connection_state", "used")))
          .isZero();
      // A pooled connection reused is no new physical connection: no failover, one server.
      for (int i = 0; i < 3; i++) {
        try (Connection c = ds.getConnection()) {
          c.isValid(1);
        }
      }
      assertThat(Scrape.of(registry).value("dbscope_jdbc_failovers_total", "datasource", "pooled"))
          .isZero();
    }
  }

  @Test
  void aNewConnectionOnAnotherServerIsAFailover() throws SQLException {
    PrometheusRegistry registry = new PrometheusRegistry();
    PGSimpleDataSource raw = new PGSimpleDataSource();
    raw.setUser(a.user());
    raw.setUrl(a.jdbcUrl("postgres"));
    DataSource ds = DbscopeJdbc.wrap(raw, "moving", registry);
    open(ds);
    open(ds);
    raw.setUrl(b.jdbcUrl("postgres"));
    open(ds);
    open(ds);
    raw.setUrl(a.jdbcUrl("postgres"));
    open(ds);
    assertThat(Scrape.of(registry).value("dbscope_jdbc_failovers_total", "datasource", "moving"))
        .isEqualTo(2);
  }

  private static void open(DataSource ds) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT 1")) {
      rs.next();
    }
  }

  @Test
  void anActiveSpanBecomesTheExemplarOfTheDuration() throws SQLException {
    PrometheusRegistry registry = new PrometheusRegistry();
    PGSimpleDataSource raw = new PGSimpleDataSource();
    raw.setUser(a.user());
    raw.setUrl(a.jdbcUrl("postgres"));
    DataSource ds = DbscopeJdbc.wrap(raw, "traced", registry);
    String trace = "4bf92f3577b34da6a3ce929d0e0e4736";
    String span = "00f067aa0ba902b7";
    SpanContext ctx =
        SpanContext.create(trace, span, TraceFlags.getSampled(), TraceState.getDefault());
    Scope scope = Span.wrap(ctx).makeCurrent();
    try {
      open(ds);
    } finally {
      scope.close();
    }
    assertThat(Scrape.openMetrics(registry))
        .containsPattern(
            "db_client_operation_duration_seconds_bucket\\{[^}]*datasource=\"traced\"[^}]*\\} 1"
                + " # \\{span_id=\""
                + span
                + "\",trace_id=\""
                + trace
                + "\"\\}");
  }
}
