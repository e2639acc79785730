package io.dbscope.engine.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.definition.Definition;
import io.dbscope.core.definition.Mapping;
import io.dbscope.core.engine.ResultRows;
import io.dbscope.core.engine.RowMapper;
import io.dbscope.core.metrics.SampleBatch;
import io.dbscope.testkit.ExpositionText;
import io.dbscope.testkit.Scraped;
import io.prometheus.metrics.model.snapshots.Labels;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The built-in definitions' row mappings with literal rows: mysqld_exporter's special cases for
 * SHOW GLOBAL STATUS, the generic SHOW GLOBAL VARIABLES gauges and the unpivoted SHOW SLAVE STATUS.
 */
class MappingTest {
  private static final MysqlEngine ENGINE = new MysqlEngine();

  private static Definition def(String id) {
    return ENGINE.definitions().stream().filter(d -> d.id().equals(id)).findFirst().orElseThrow();
  }

  private static List<Object[]> rows(Object[]... rows) {
    return new ArrayList<>(Arrays.asList(rows));
  }

  private record Mapped(RowMapper.Result result, ExpositionText scraped) {}

  private static Mapped map(Definition d, ResultRows rows) {
    SampleBatch batch = new SampleBatch();
    RowMapper.Result r = new RowMapper().map(d, rows, Labels.of("datasource", "t"), batch);
    return new Mapped(r, Scraped.of(batch));
  }

  @Test
  void globalStatusFollowsTheExporterRules() {
    ResultRows rows =
        ResultRows.of(
            List.of("Variable_name", "Value"),
            rows(
                new Object[] {"Com_alter_db", "1"},
                new Object[] {"Com_show_status", "2"},
                new Object[] {"Com_select", "3"},
                new Object[] {"Connection_errors_internal", "4"},
                new Object[] {"Handler_commit", "5"},
                new Object[] {"Innodb_buffer_pool_pages_data", "6"},
                new Object[] {"Innodb_buffer_pool_pages_flushed", "7"},
                new Object[] {"Innodb_rows_read", "8"},
                new Object[] {"Performance_schema_users_lost", "9"},
                new Object[] {"Slave_running", "OFF"},
                new Object[] {"Ssl_version", ""},
                new Object[] {"Uptime", "10"},
                new Object[] {"wsrep_cluster_status", "Primary"},
                new Object[] {"wsrep_local_state_uuid", "6c06e583-686f-11e6-b9e3-8336ad58138c"},
                new Object[] {"Innodb_buffer_pool_pages_dirty", "11"},
                new Object[] {"Innodb_buffer_pool_pages_total", "100"},
                new Object[] {"Innodb_buffer_pool_pages_old", "12"},
                new Object[] {"Innodb_buffer_pool_load_status", "Buffer pool(s) load completed"},
                new Object[] {"Max_memory_used", null},
                new Object[] {"Compression", "OFF"},
                new Object[] {"Rpl_status", "AUTH_MASTER"}));
    Mapped m = map(def("global_status"), rows);
    ExpositionText s = m.scraped();

    assertThat(m.result().samples()).isEqualTo(15);
    assertThat(m.result().missingColumns()).isEmpty();
    assertThat(s.value("mysql_global_status_commands_total", "command", "alter_db")).isEqualTo(1);
    assertThat(s.value("mysql_global_status_commands_total", "command", "show_status"))
        .isEqualTo(2);
    assertThat(s.value("mysql_global_status_commands_total", "command", "select")).isEqualTo(3);
    assertThat(s.value("mysql_global_status_connection_errors_total", "error", "internal"))
        .isEqualTo(4);
    assertThat(s.value("mysql_global_status_handlers_total", "handler", "commit")).isEqualTo(5);
    assertThat(s.value("mysql_global_status_buffer_pool_pages", "state", "data")).isEqualTo(6);
    assertThat(s.value("mysql_global_status_buffer_pool_pages", "state", "old")).isEqualTo(12);
    assertThat(
            s.value("mysql_global_status_buffer_pool_page_changes_total", "operation", "flushed"))
        .isEqualTo(7);
    assertThat(s.value("mysql_global_status_buffer_pool_dirty_pages")).isEqualTo(11);
    assertThat(s.find("mysql_global_status_buffer_pool_dirty_pages").orElseThrow().labels())
        .containsOnlyKeys("datasource");
    assertThat(s.value("mysql_global_status_innodb_row_ops_total", "operation", "read"))
        .isEqualTo(8);
    assertThat(
            s.value(
                "mysql_global_status_performance_schema_lost_total",
                "instrumentation",
                "users_lost"))
        .isEqualTo(9);
    assertThat(s.value("mysql_global_status_slave_running")).isEqualTo(0);
    assertThat(s.value("mysql_global_status_uptime")).isEqualTo(10);
    assertThat(s.value("mysql_global_status_wsrep_cluster_status")).isEqualTo(1);
    assertThat(s.value("mysql_global_status_compression")).isEqualTo(0);
    // "total" is dropped and never becomes a page change; text and NULL values are skipped.
    assertThat(s.find("mysql_global_status_buffer_pool_page_changes_total", "operation", "total"))
        .isEmpty();
    assertThat(s.find("mysql_global_status_buffer_pool_page_changes_total", "operation", "dirty"))
        .isEmpty();
    assertThat(s.hasFamilyStartingWith("mysql_global_status_ssl_version")).isFalse();
    assertThat(s.hasFamilyStartingWith("mysql_global_status_wsrep_local_state_uuid")).isFalse();
    assertThat(s.hasFamilyStartingWith("mysql_global_status_max_memory_used")).isFalse();
    assertThat(s.hasFamilyStartingWith("mysql_global_status_rpl_status")).isFalse();

    assertThat(s.types())
        .containsEntry("mysql_global_status_commands_total", "counter")
        .containsEntry("mysql_global_status_handlers_total", "counter")
        .containsEntry("mysql_global_status_connection_errors_total", "counter")
        .containsEntry("mysql_global_status_buffer_pool_pages", "gauge")
        .containsEntry("mysql_global_status_buffer_pool_dirty_pages", "gauge")
        .containsEntry("mysql_global_status_buffer_pool_page_changes_total", "counter")
        .containsEntry("mysql_global_status_innodb_row_ops_total", "counter")
        .containsEntry("mysql_global_status_performance_schema_lost_total", "counter")
        .containsEntry("mysql_global_status_uptime", "untyped");
    assertThat(s.text())
        .contains(
            "# HELP mysql_global_status_commands_total Total number of executed MySQL commands.")
        .contains("# HELP mysql_global_status_buffer_pool_pages Innodb buffer pool pages by state.")
        .contains("# HELP mysql_global_status_uptime Generic metric from SHOW GLOBAL STATUS.");
  }

  @Test
  void globalVariablesAreGenericGauges() {
    ResultRows rows =
        ResultRows.of(
            List.of("Variable_name", "Value"),
            rows(
                new Object[] {"max_connections", "151"},
                new Object[] {"autocommit", "ON"},
                new Object[] {"read_only", "OFF"},
                new Object[] {"version", "10.11.6-MariaDB-0+deb12u1"},
                new Object[] {"innodb_version", "5.7.44"},
                new Object[] {"sql_mode", "STRICT_TRANS_TABLES"},
                new Object[] {"long_query_time", "10.000000"},
                new Object[] {"Odd-Name.x", "3"}));
    Mapped m = map(def("global_variables"), rows);
    ExpositionText s = m.scraped();

    assertThat(m.result().samples()).isEqualTo(5);
    assertThat(s.value("mysql_global_variables_max_connections")).isEqualTo(151);
    assertThat(s.value("mysql_global_variables_autocommit")).isEqualTo(1);
    assertThat(s.value("mysql_global_variables_read_only")).isEqualTo(0);
    assertThat(s.value("mysql_global_variables_long_query_time")).isEqualTo(10);
    assertThat(s.value("mysql_global_variables_odd_name_x")).isEqualTo(3);
    assertThat(s.types()).containsEntry("mysql_global_variables_max_connections", "gauge");
    assertThat(s.text())
        .contains(
            "# HELP mysql_global_variables_max_connections Generic gauge metric from SHOW GLOBAL"
                + " VARIABLES.");
  }

  @Test
  void slaveStatusTurnsEveryNumericColumnIntoAMetric() {
    Definition d = def("slave_status.mariadb");
    ResultRows wide =
        ResultRows.of(
            List.of(
                "Connection_name",
                "Slave_IO_State",
                "Master_Host",
                "Master_Port",
                "Master_Log_File",
                "Slave_IO_Running",
                "Slave_SQL_Running",
                "Exec_Master_Log_Pos",
                "Seconds_Behind_Master",
                "Master_SSL_Allowed",
                "Gtid_IO_Pos"),
            rows(
                new Object[] {
                  "c1",
                  "Waiting for master",
                  "10.0.0.1",
                  3306,
                  "mysql-bin.000002",
                  "Connecting",
                  "Yes",
                  BigInteger.valueOf(1234),
                  null,
                  "No",
                  "0-1-5"
                },
                new Object[] {
                  "c2", "", "10.0.0.2", 3307, "mysql-bin.000009", "Yes", "Yes", 99L, 7L, "Yes", ""
                }));
    assertThat(WideRows.wanted(d, wide)).isTrue();
    ResultRows tall = WideRows.unpivot(wide, ((Mapping.KeyValue) d.mapping()).labelColumns());
    assertThat(tall.columns())
        .containsExactly(
            "column_name",
            "column_value",
            "master_host",
            "master_uuid",
            "channel_name",
            "connection_name");
    assertThat(tall.rows()).hasSize(22);
    assertThat(WideRows.wanted(d, tall)).isFalse();

    Mapped m = map(d, tall);
    ExpositionText s = m.scraped();
    assertThat(m.result().missingColumns()).isEmpty();
    String[] c1 = {
      "master_host", "10.0.0.1", "master_uuid", "", "channel_name", "", "connection_name", "c1"
    };
    assertThat(s.value("mysql_slave_status_master_port", c1)).isEqualTo(3306);
    assertThat(s.value("mysql_slave_status_slave_io_running", c1)).isEqualTo(0);
    assertThat(s.value("mysql_slave_status_slave_sql_running", c1)).isEqualTo(1);
    assertThat(s.value("mysql_slave_status_exec_master_log_pos", c1)).isEqualTo(1234);
    assertThat(s.value("mysql_slave_status_master_ssl_allowed", c1)).isEqualTo(0);
    assertThat(s.value("mysql_slave_status_seconds_behind_master", "connection_name", "c2"))
        .isEqualTo(7);
    assertThat(s.value("mysql_slave_status_slave_io_running", "connection_name", "c2"))
        .isEqualTo(1);
    assertThat(s.find("mysql_slave_status_seconds_behind_master", "connection_name", "c1"))
        .isEmpty();
    for (String text :
        List.of(
            "master_host", "master_log_file", "slave_io_state", "gtid_io_pos", "connection_name")) {
      assertThat(s.hasFamilyStartingWith("mysql_slave_status_" + text)).as(text).isFalse();
    }
    assertThat(s.types()).containsEntry("mysql_slave_status_master_port", "untyped");
    assertThat(s.text())
        .contains("# HELP mysql_slave_status_master_port Generic metric from SHOW SLAVE STATUS.");
  }

  @Test
  void slaveStatusOfMysqlKeepsChannelAndUuid() {
    Definition d = def("slave_status.mysql");
    ResultRows wide =
        ResultRows.of(
            List.of("Master_Host", "Master_UUID", "Channel_Name", "Read_Master_Log_Pos"),
            rows(new Object[] {"db1", "3e11fa47-71ca-11e1-9e33-c80aa9429562", "ch", 42L}));
    ExpositionText s =
        map(d, WideRows.unpivot(wide, ((Mapping.KeyValue) d.mapping()).labelColumns())).scraped();
    assertThat(
            s.value(
                "mysql_slave_status_read_master_log_pos",
                "master_host",
                "db1",
                "master_uuid",
                "3e11fa47-71ca-11e1-9e33-c80aa9429562",
                "channel_name",
                "ch",
                "connection_name",
                ""))
        .isEqualTo(42);
  }

  @Test
  void catalogDescribesTheEngineAndNamesEveryFamilyUnderMysql() {
    assertThat(ENGINE.id()).isEqualTo("mysql");
    assertThat(ENGINE.aliases()).containsExactly("mariadb");
    assertThat(ENGINE.defaultPort()).isEqualTo(3306);
    assertThat(ENGINE.upMetric()).isEqualTo("mysql_up");
    assertThat(ENGINE.definitions()).hasSize(51).allSatisfy(d -> assertThat(d.help()).isNotBlank());
    assertThat(ENGINE.definitions().stream().filter(Definition::defaultEnabled))
        .as("the exporter's default collectors; the rest are its optional ones")
        .hasSize(21);
    for (Definition d : ENGINE.definitions()) {
      switch (d.mapping()) {
        case Mapping.Columns c ->
            c.columns().stream()
                .flatMap(col -> col.metricName().stream())
                .forEach(n -> assertThat(n).as(d.id()).startsWith("mysql_"));
        case Mapping.KeyValue kv -> {
          assertThat(kv.prefix()).as(d.id()).startsWith("mysql_");
          kv.rules().stream()
              .filter(r -> !r.drop())
              .forEach(r -> assertThat(r.name()).as(d.id()).startsWith(kv.prefix() + "_"));
        }
      }
    }
    assertThat(ENGINE.definitions())
        .filteredOn(d -> d.id().startsWith("slave_status"))
        .allSatisfy(d -> assertThat(d.tags()).containsExactly("replica"));
  }

  /** The lines mysqld_exporter reads from the report, in a MySQL 8 report's words. */
  @Test
  void engineInnodbStatusReadsTheExportersLinesOfTheReport() {
    Definition d = def("engine_innodb_status");
    String report =
        String.join(
            "\n",
            "=====================================",
            "--------------",
            "ROW OPERATIONS",
            "--------------",
            "3 queries inside InnoDB, 1 queries in queue",
            "2 read views open inside InnoDB",
            "Process ID=1, Main thread ID=2, state: sleeping");
    ResultRows raw =
        ResultRows.of(List.of("Type", "Name", "Status"), rows(new Object[] {"InnoDB", "", report}));
    assertThat(InnodbStatusRows.wanted(d, raw)).isTrue();
    ExpositionText s = map(d, InnodbStatusRows.of(raw)).scraped();
    assertThat(s.value("mysql_engine_innodb_queries_inside_innodb")).isEqualTo(3);
    assertThat(s.value("mysql_engine_innodb_queries_in_queue")).isEqualTo(1);
    assertThat(s.value("mysql_engine_innodb_read_views_open_inside_innodb")).isEqualTo(2);
    assertThat(s.help("mysql_engine_innodb_queries_in_queue")).hasValue("Queries in queue.");
    assertThat(InnodbStatusRows.of(ResultRows.of(List.of("Type", "Name", "Status"), rows())).rows())
        .as("no report, no rows")
        .isEmpty();
  }

  @Test
  void otherDefinitionsAreLeftAlone() {
    ResultRows rows = ResultRows.of(List.of("Variable_name", "Value"), rows());
    assertThat(WideRows.wanted(def("global_status"), rows)).isFalse();
  }
}
