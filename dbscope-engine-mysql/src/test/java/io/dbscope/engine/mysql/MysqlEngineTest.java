package io.dbscope.engine.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.definition.Definition;
import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.engine.ServerFacts;
import io.dbscope.core.scrape.Deadline;
import io.dbscope.core.scrape.MonitoredDatasource;
import io.dbscope.testkit.ExpositionText;
import io.dbscope.testkit.MariaDbFixture;
import io.dbscope.testkit.Scraped;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The built-in definitions against a real MariaDB (with performance_schema and the
 * query_response_time plugin): every planned collector succeeds, and the mysqld_exporter families
 * come out with its names, types and labels.
 */
class MysqlEngineTest {
  private static final int SELECTS = 25;

  private static MariaDbFixture db;
  private static EngineResources resources;
  private static MysqlEngine engine;
  private static MonitoredDatasource ds;

  @BeforeAll
  static void start() throws SQLException {
    db =
        MariaDbFixture.builder()
            .option("plugin-load-add", "query_response_time")
            .option("query-response-time-stats", "ON")
            .start();
    resources = EngineResources.create();
    engine = new MysqlEngine();
    DatasourceConfig cfg =
        DatasourceConfig.builder("maria", "mysql")
            .engineAlias("mariadb")
            .host(db.host())
            .port(db.port())
            .user(db.user())
            .labels(Map.of("env", "test"))
            .build();
    ds = new MonitoredDatasource(cfg, engine, engine.open(cfg, resources));
    try (Connection c = connect();
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE app");
      st.execute("CREATE TABLE app.items (id INT PRIMARY KEY, name VARCHAR(40)) ENGINE=InnoDB");
    }
  }

  @AfterAll
  static void stop() {
    if (ds != null) {
      ds.close();
    }
    if (resources != null) {
      resources.close();
    }
    if (db != null) {
      db.close();
    }
  }

  private static Connection connect() throws SQLException {
    return DriverManager.getConnection(db.jdbcUrl("mysql"), db.user(), db.password());
  }

  private static ExpositionText scrape() {
    return Scraped.of(ds.collect(Deadline.in(Duration.ofSeconds(20))));
  }

  @Test
  void readsTheServerFacts() {
    scrape();
    ServerFacts f = ds.facts().orElseThrow();
    assertThat(f.versionText()).contains("MariaDB");
    assertThat(f.version().parts().getFirst()).isGreaterThanOrEqualTo(10);
    assertThat(f.role()).isEqualTo(ServerFacts.Role.PRIMARY);
    assertThat(f.extensions()).contains("performance_schema", "query_response_time", "innodb");
    // Debian's MariaDB has an active wsrep plugin but no Galera provider (GaleraTest has one).
    assertThat(f.extensions()).doesNotContain("wsrep");
    assertThat(f.startTime()).isPresent();
    assertThat(ds.plan())
        .extracting(Definition::id)
        .contains(
            "global_status",
            "global_variables",
            "version_info.mariadb",
            "transaction_isolation.mariadb",
            "info_schema.innodb_cmp",
            "info_schema.innodb_cmpmem",
            "info_schema.query_response_time",
            "info_schema.query_response_time.sum")
        .doesNotContain(
            "version_info.mysql",
            "slave_status.mariadb",
            "slave_status.mysql",
            "info_schema.query_response_time_read",
            "galera_status_info",
            "galera_evs_repl_latency",
            "galera_gcache_size");
  }

  @Test
  void everyPlannedCollectorSucceeds() {
    ExpositionText s = scrape();
    assertThat(s.value("mysql_up", "datasource", "maria", "env", "test")).isEqualTo(1);
    assertThat(s.types()).containsEntry("mysql_up", "gauge");
    for (Definition d : ds.plan()) {
      assertThat(s.value("dbscope_collector_success", "collector", d.id()))
          .as("collector %s", d.id())
          .isEqualTo(1);
    }
  }

  @Test
  void globalStatusHasTheExporterFamilies() throws SQLException {
    double before = scrape().value("mysql_global_status_commands_total", "command", "select");
    try (Connection c = connect();
        PreparedStatement ins = c.prepareStatement("INSERT INTO app.items VALUES (?, ?)");
        Statement st = c.createStatement()) {
      for (int i = 0; i < 20; i++) {
        ins.setInt(1, i);
        ins.setString(2, "item " + i);
        ins.executeUpdate();
      }
      for (int i = 0; i < SELECTS; i++) {
        try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM app.items WHERE id > " + i)) {
          rs.next();
        }
      }
    }
    ExpositionText s = scrape();
    assertThat(s.value("mysql_global_status_commands_total", "command", "select"))
        .isGreaterThanOrEqualTo(before + SELECTS);
    assertThat(s.value("mysql_global_status_handlers_total", "handler", "write"))
        .isGreaterThanOrEqualTo(20);
    assertThat(s.types())
        .containsEntry("mysql_global_status_commands_total", "counter")
        .containsEntry("mysql_global_status_handlers_total", "counter")
        .containsEntry("mysql_global_status_connection_errors_total", "counter")
        .containsEntry("mysql_global_status_buffer_pool_pages", "gauge")
        .containsEntry("mysql_global_status_buffer_pool_dirty_pages", "gauge")
        .containsEntry("mysql_global_status_buffer_pool_page_changes_total", "counter")
        .containsEntry("mysql_global_status_performance_schema_lost_total", "counter")
        .containsEntry("mysql_global_status_uptime", "untyped")
        .containsEntry("mysql_global_status_threads_connected", "untyped");
    assertThat(s.find("mysql_global_status_handlers_total", "handler", "read_key")).isPresent();
    assertThat(s.find("mysql_global_status_connection_errors_total", "error", "max_connections"))
        .isPresent();
    assertThat(s.find("mysql_global_status_buffer_pool_pages", "state", "data")).isPresent();
    assertThat(s.find("mysql_global_status_buffer_pool_pages", "state", "free")).isPresent();
    assertThat(s.find("mysql_global_status_buffer_pool_page_changes_total", "operation", "total"))
        .isEmpty();
    assertThat(
            s.find(
                "mysql_global_status_performance_schema_lost_total",
                "instrumentation",
                "accounts_lost"))
        .isPresent();
    assertThat(s.value("mysql_global_status_questions")).isPositive();
    // Text-valued status variables are skipped, never exported as 0.
    assertThat(s.find("mysql_global_status_innodb_buffer_pool_load_status")).isEmpty();
    assertThat(s.text())
        .contains("# HELP mysql_global_status_uptime Generic metric from SHOW GLOBAL STATUS.");
  }

  @Test
  void globalVariablesAndInfoSamples() {
    ExpositionText s = scrape();
    assertThat(s.value("mysql_global_variables_max_connections")).isEqualTo(200);
    assertThat(s.types()).containsEntry("mysql_global_variables_max_connections", "gauge");
    assertThat(s.value("mysql_global_variables_performance_schema")).isEqualTo(1);
    assertThat(s.value("mysql_global_variables_innodb_buffer_pool_size"))
        .isEqualTo(32 * 1024 * 1024);
    assertThat(s.find("mysql_global_variables_version")).isEmpty();

    ExpositionText.Sample v = s.find("mysql_version_info").orElseThrow();
    assertThat(v.value()).isEqualTo(1);
    assertThat(v.labels()).containsKeys("innodb_version", "version", "version_comment");
    assertThat(v.labels().get("version")).contains("MariaDB");
    assertThat(s.types()).containsEntry("mysql_version_info", "gauge");
    assertThat(s.value("mysql_transaction_isolation", "level", "REPEATABLE-READ")).isEqualTo(1);
    // Debian's MariaDB is built with wsrep, whose cluster name has a default even without Galera.
    assertThat(s.find("mysql_galera_variables_info", "wsrep_cluster_name", "my_wsrep_cluster"))
        .isPresent();
    assertThat(s.find("mysql_galera_status_info")).isEmpty();
  }

  @Test
  void innodbCompressionFamilies() {
    ExpositionText s = scrape();
    assertThat(s.find("mysql_info_schema_innodb_cmp_compress_ops_total", "page_size", "16384"))
        .isPresent();
    assertThat(s.types())
        .containsEntry("mysql_info_schema_innodb_cmp_compress_ops_total", "counter")
        .containsEntry("mysql_info_schema_innodb_cmp_uncompress_time_seconds_total", "counter")
        .containsEntry("mysql_info_schema_innodb_cmpmem_relocation_time_seconds_total", "counter");
    assertThat(
            s.find(
                "mysql_info_schema_innodb_cmpmem_pages_used_total",
                "page_size",
                "1024",
                "buffer_pool",
                "0"))
        .isPresent();
  }

  @Test
  void queryResponseTimeHistogram() {
    ExpositionText s = scrape();
    String name = "mysql_info_schema_query_response_time_seconds";
    double inf = s.value(name + "_bucket", "le", "+Inf");
    assertThat(inf).isPositive();
    // _count is read by its own query just after the buckets, so it may count a few more.
    assertThat(s.value(name + "_count")).isGreaterThanOrEqualTo(inf);
    assertThat(s.value(name + "_sum")).isPositive();
    assertThat(s.find(name + "_bucket", "le", "1e-06")).isPresent();
    assertThat(s.find(name + "_bucket", "le", "0.0001")).isPresent();
    assertThat(s.find(name + "_bucket", "le", "1e+06")).isPresent();
    // Cumulative: never decreasing as the bound grows.
    List<ExpositionText.Sample> buckets = new ArrayList<>(s.samples(name + "_bucket"));
    buckets.sort(Comparator.comparingDouble(b -> bound(b.labels().get("le"))));
    double last = -1;
    for (ExpositionText.Sample b : buckets) {
      assertThat(b.value()).as("bucket le=%s", b.labels().get("le")).isGreaterThanOrEqualTo(last);
      last = b.value();
    }
    // One family, as mysqld_exporter declares it.
    assertThat(s.types())
        .containsEntry(name, "histogram")
        .doesNotContainKeys(name + "_bucket", name + "_sum", name + "_count");
  }

  private static double bound(String le) {
    return le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
  }

  @Test
  void noReplicationFamiliesOnAPrimary() {
    assertThat(scrape().hasFamilyStartingWith("mysql_slave_status_")).isFalse();
  }
}
