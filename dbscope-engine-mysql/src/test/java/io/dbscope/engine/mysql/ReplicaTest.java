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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A second MariaDB replicating from the first over a named (multi-source) connection: the replica
 * is seen as such and gets mysqld_exporter's mysql_slave_status_* families.
 */
class ReplicaTest {
  private static MariaDbFixture primary;
  private static MariaDbFixture replica;
  private static EngineResources resources;
  private static MonitoredDatasource ds;

  @BeforeAll
  static void start() throws Exception {
    primary =
        MariaDbFixture.builder().option("server-id", "1").option("log-bin", "mysql-bin").start();
    replica = MariaDbFixture.builder().option("server-id", "2").start();
    try (Connection c = connect(replica);
        Statement st = c.createStatement()) {
      st.execute(
          "CHANGE MASTER 'c1' TO MASTER_HOST='127.0.0.1', MASTER_PORT="
              + primary.port()
              + ", MASTER_USER='root', MASTER_PASSWORD='', MASTER_USE_GTID=slave_pos");
      st.execute("START SLAVE 'c1'");
    }
    try (Connection c = connect(primary);
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE shop");
    }
    awaitReplication();
    resources = EngineResources.create();
    MysqlEngine engine = new MysqlEngine();
    DatasourceConfig cfg =
        DatasourceConfig.builder("replica", "mysql")
            .host(replica.host())
            .port(replica.port())
            .user(replica.user())
            .build();
    ds = new MonitoredDatasource(cfg, engine, engine.open(cfg, resources));
  }

  private static Connection connect(MariaDbFixture db) throws SQLException {
    return DriverManager.getConnection(db.jdbcUrl("mysql"), db.user(), db.password());
  }

  /** Waits (bounded) until the replica has applied the primary's CREATE DATABASE. */
  private static void awaitReplication() throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    try (Connection c = connect(replica);
        Statement st = c.createStatement()) {
      while (System.nanoTime() < end) {
        try (ResultSet rs = st.executeQuery("SHOW DATABASES LIKE 'shop'")) {
          if (rs.next()) {
            return;
          }
        }
        Thread.sleep(100);
      }
    }
    throw new AssertionError("the replica did not catch up within 10 s");
  }

  @AfterAll
  static void stop() {
    if (ds != null) {
      ds.close();
    }
    if (resources != null) {
      resources.close();
    }
    if (replica != null) {
      replica.close();
    }
    if (primary != null) {
      primary.close();
    }
  }

  @Test
  void replicaGetsSlaveStatusFamilies() {
    ExpositionText s = Scraped.of(ds.collect(Deadline.in(Duration.ofSeconds(20))));
    assertThat(ds.facts().orElseThrow().role()).isEqualTo(ServerFacts.Role.REPLICA);
    assertThat(ds.plan()).extracting(Definition::id).contains("slave_status.mariadb");
    assertThat(s.value("dbscope_collector_success", "collector", "slave_status.mariadb"))
        .isEqualTo(1);

    String[] channel = {
      "master_host", "127.0.0.1", "master_uuid", "", "channel_name", "", "connection_name", "c1"
    };
    assertThat(s.value("mysql_slave_status_slave_io_running", channel)).isEqualTo(1);
    assertThat(s.value("mysql_slave_status_slave_sql_running", channel)).isEqualTo(1);
    assertThat(s.value("mysql_slave_status_master_port", channel)).isEqualTo(primary.port());
    assertThat(s.value("mysql_slave_status_seconds_behind_master", channel))
        .isGreaterThanOrEqualTo(0);
    assertThat(s.value("mysql_slave_status_read_master_log_pos", channel)).isPositive();
    assertThat(s.types()).containsEntry("mysql_slave_status_slave_io_running", "untyped");
    assertThat(s.hasFamilyStartingWith("mysql_slave_status_master_host")).isFalse();
  }
}
