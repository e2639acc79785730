package io.dbscope.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbscope.testkit.ExpositionText;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * What every database must show, through both ways in ({@code wrap} and the URL prefix), with exact
 * counts: the "Done when" of issue 18. Subclasses start a real server.
 */
abstract class JdbcContract {
  /** The driver's own data source on the test server. */
  abstract DataSource rawDataSource();

  /** A {@code jdbc:dbscope:} URL on the test server, naming datasource {@code name}. */
  abstract String dbscopeUrl(String name);

  abstract String user();

  abstract String password();

  abstract String systemName();

  /** The server's normalized texts (pg_stat_statements, digest) of statements on {@code table}. */
  abstract java.util.List<String> serverTexts(String table) throws SQLException;

  abstract io.dbscope.sql.SqlDialect dialect();

  static final String FINGERPRINTED =
      "select id, name from fp_t where id = ? and name in (?, ?) order by id limit 10";

  @Test
  void fingerprintIsTheSameOnTheApplicationSideAndInTheServersStatistics() throws SQLException {
    PrometheusRegistry registry = new PrometheusRegistry();
    DbscopeJdbc jdbc = DbscopeJdbc.builder().registry(registry).build();
    DataSource ds = jdbc.instrument(rawDataSource(), "fp");
    try (Connection c = ds.getConnection()) {
      try (Statement st = c.createStatement()) {
        st.execute("DROP TABLE IF EXISTS fp_t");
        st.execute("CREATE TABLE fp_t (id INT PRIMARY KEY, name VARCHAR(40))");
      }
      try (PreparedStatement ps = c.prepareStatement(FINGERPRINTED)) {
        for (int i = 0; i < 3; i++) {
          ps.setInt(1, i);
          ps.setString(2, "a");
          ps.setString(3, "b");
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              rs.getInt(1);
            }
          }
        }
      }
    }
    StatementStats app =
        Families.of(registry).find("fp").statements.top(100).stream()
            .filter(s -> s.text.startsWith("select id , name from fp_t"))
            .findFirst()
            .orElseThrow();
    assertThat(app.calls.sum()).isEqualTo(3);
    java.util.List<String> server = serverTexts("fp_t");
    assertThat(server)
        .as("server texts")
        .anySatisfy(
            t -> {
              assertThat(t).containsIgnoringCase("order by");
              assertThat(io.dbscope.sql.SqlFingerprint.id(t, dialect())).isEqualTo(app.fingerprint);
            });
    assertThat(jdbc.statementsJson(10))
        .contains("\"fingerprint\":\"" + app.fingerprint + "\"")
        .contains("\"calls\":3")
        .contains("\"db_system_name\":\"" + systemName() + "\"");
  }

  @Test
  void aPreparedBatchCountsEachRecordAsACallOfItsFingerprint() throws SQLException {
    PrometheusRegistry registry = new PrometheusRegistry();
    DbscopeJdbc jdbc = DbscopeJdbc.builder().registry(registry).build();
    DataSource ds = jdbc.instrument(rawDataSource(), "fpbatch");
    try (Connection c = ds.getConnection()) {
      try (Statement st = c.createStatement()) {
        st.execute("DROP TABLE IF EXISTS fpb_t");
        st.execute("CREATE TABLE fpb_t (id INT PRIMARY KEY, name VARCHAR(40))");
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO fpb_t VALUES (?, ?)")) {
        for (int i = 0; i < 50; i++) {
          ps.setInt(1, i);
          ps.setString(2, "r" + i);
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }
    StatementStats insert =
        Families.of(registry).find("fpbatch").statements.top(100).stream()
            .filter(s -> s.text.toLowerCase(java.util.Locale.ROOT).startsWith("insert into fpb_t"))
            .findFirst()
            .orElseThrow();
    assertThat(insert.calls.sum()).isEqualTo(50);
    assertThat(insert.errors.sum()).isZero();
    assertThat(insert.nanos.sum()).isPositive();
  }

  /** Runs the workload of the "Done when" on one connection. */
  static void workload(Connection c, String table) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("DROP TABLE IF EXISTS " + table);
      st.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY, name VARCHAR(40))");
      st.executeUpdate("INSERT INTO " + table + " VALUES (1, 'one')");
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT name FROM " + table + " WHERE id = ?")) {
      for (int i = 0; i < 100; i++) {
        ps.setInt(1, 1);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            rs.getString(1);
          }
        }
      }
    }
    c.setAutoCommit(false);
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " VALUES (?, ?)")) {
      for (int i = 0; i < 50; i++) {
        ps.setInt(1, 100 + i);
        ps.setString(2, "row" + i);
        ps.addBatch();
      }
      ps.executeBatch();
    }
    c.commit();
    try (Statement st = c.createStatement()) {
      st.executeUpdate("DELETE FROM " + table + " WHERE id = 1");
    }
    c.rollback();
    c.setAutoCommit(true);
    try (Statement st = c.createStatement()) {
      assertThatThrownBy(() -> st.executeQuery("SELECT * FROM no_such_table_x"))
          .isInstanceOf(SQLException.class);
    }
  }

  void assertFamilies(ExpositionText s, String ds) {
    Map<String, String> select =
        Map.of(
            "datasource",
            ds,
            "db_operation_name",
            "SELECT",
            "error_type",
            "",
            "db_system_name",
            systemName());
    assertThat(s.value("db_client_operation_duration_seconds_count", select)).isEqualTo(100);
    assertThat(
            s.value(
                "db_client_response_returned_rows_count",
                Map.of("datasource", ds, "db_operation_name", "SELECT")))
        .isEqualTo(100);
    assertThat(
            s.value(
                "db_client_response_returned_rows_sum",
                Map.of("datasource", ds, "db_operation_name", "SELECT")))
        .isEqualTo(100);
    assertThat(
            s.value(
                "dbscope_jdbc_transactions_total", Map.of("datasource", ds, "outcome", "commit")))
        .isEqualTo(1);
    assertThat(
            s.value(
                "dbscope_jdbc_transactions_total", Map.of("datasource", ds, "outcome", "rollback")))
        .isEqualTo(1);
    assertThat(
            s.value(
                "dbscope_jdbc_transaction_duration_seconds_count",
                Map.of("datasource", ds, "outcome", "rollback")))
        .isEqualTo(1);
    assertThat(
            s.value(
                "dbscope_jdbc_batch_records_total", Map.of("datasource", ds, "outcome", "success")))
        .isEqualTo(50);
    assertThat(
            s.value("dbscope_jdbc_batches_total", Map.of("datasource", ds, "outcome", "success")))
        .isEqualTo(1);
    assertThat(s.value("dbscope_jdbc_batch_size_sum", Map.of("datasource", ds))).isEqualTo(50);
    assertThat(
            s.value(
                "dbscope_jdbc_errors_total",
                Map.of("datasource", ds, "sqlstate_class", "42", "db_system_name", systemName())))
        .isEqualTo(1);
    assertThat(
            s
                .samples("db_client_operation_duration_seconds_count", Map.of("datasource", ds))
                .stream()
                .filter(x -> x.labels().get("error_type").startsWith("42"))
                .mapToDouble(ExpositionText.Sample::value)
                .sum())
        .isEqualTo(1);
    assertThat(s.text()).doesNotContain("no_such_table_x").doesNotContain("row4");
  }

  @Test
  void aFailingBatchCountsAsFailureWithItsRecordsAndSqlstate() throws SQLException {
    PrometheusRegistry registry = new PrometheusRegistry();
    DataSource ds = DbscopeJdbc.wrap(rawDataSource(), "batchfail", registry);
    try (Connection c = ds.getConnection()) {
      try (Statement st = c.createStatement()) {
        st.execute("DROP TABLE IF EXISTS bf_t");
        st.execute("CREATE TABLE bf_t (id INT PRIMARY KEY)");
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO bf_t VALUES (?)")) {
        for (int id : new int[] {1, 2, 2, 3, 4}) {
          ps.setInt(1, id);
          ps.addBatch();
        }
        assertThatThrownBy(ps::executeBatch).isInstanceOf(SQLException.class);
      }
    }
    ExpositionText s = Scrape.of(registry);
    assertThat(
            s.value(
                "dbscope_jdbc_batches_total",
                Map.of("datasource", "batchfail", "outcome", "failure")))
        .isEqualTo(1);
    // How many records of a failed batch succeeded is the driver's to say; all five count.
    assertThat(s.sum("dbscope_jdbc_batch_records_total")).isEqualTo(5);
    assertThat(s.find("dbscope_jdbc_batch_records_total", "outcome", "failure")).isPresent();
    assertThat(
            s.value(
                "dbscope_jdbc_errors_total",
                Map.of("datasource", "batchfail", "sqlstate_class", "23")))
        .isEqualTo(1);
  }

  @Test
  void wrappedDataSourceProducesEveryFamilyWithExactCounts() throws SQLException {
    PrometheusRegistry registry = new PrometheusRegistry();
    DataSource ds = DbscopeJdbc.wrap(rawDataSource(), "orders", registry);
    try (Connection c = ds.getConnection()) {
      workload(c, "wrap_t");
    }
    assertFamilies(Scrape.of(registry), "orders");
  }

  @Test
  void urlPrefixProducesEveryFamilyIntoTheDefaultRegistry() throws SQLException {
    String name = "url-" + systemName();
    try (Connection c = DriverManager.getConnection(dbscopeUrl(name), user(), password())) {
      assertThat(c.getMetaData().getURL()).doesNotContain("dbscope");
      workload(c, "url_t");
    }
    assertFamilies(Scrape.of(PrometheusRegistry.defaultRegistry), name);
  }
}
