package io.dbscope.engine.dameng;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.config.EngineOptions;
import io.dbscope.core.definition.Definition;
import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.scrape.Deadline;
import io.dbscope.core.scrape.MonitoredDatasource;
import io.dbscope.engine.sql.analytics.AnalyticsOptions;
import io.dbscope.testkit.ExpositionText;
import io.dbscope.testkit.Scraped;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rows to families on the stand-in ({@link DamengStandIn}): every value checked against the rows of
 * {@code standin/dm8-views.sql}, and the plan follows what {@code V$DYNAMIC_TABLES} and {@code
 * V$DYNAMIC_TABLE_COLUMNS} said at connect time.
 */
class DamengStandInTest {

  @Test
  void everyDefinitionMapsTheStandInsRows() throws Exception {
    try (DamengStandIn db = new DamengStandIn();
        EngineResources resources = EngineResources.create()) {
      DatasourceConfig cfg = db.datasource().build();
      try (MonitoredDatasource m =
          new MonitoredDatasource(cfg, db.engine(), db.engine().open(cfg, resources))) {
        ExpositionText s = Scraped.of(m.collect(Deadline.in(Duration.ofSeconds(20))));

        assertThat(s.value("dmdb_up")).isEqualTo(1);
        List<String> planned = m.plan().stream().map(Definition::id).toList();
        assertThat(planned)
            .contains("dm_version", "dm_system_event_waits", "dm_arch_send_apply", "dm_ckpt")
            .doesNotContain("dm_version_banner", "dm_arch_send", "dm_rapply_sys");
        for (String id : planned) {
          assertThat(Scraped.success(s, "dm", id)).as(id).isEqualTo(1);
        }
        assertThat(s.value("dmdbms_status_info")).isEqualTo(1);
        assertThat(s.value("dmdbms_mode_info")).isEqualTo(1);
        assertThat(s.value("dmdbms_trx_num_info")).isEqualTo(2);
        assertThat(s.value("dmdbms_dead_lock_num_total")).isEqualTo(1);
        assertThat(s.value("dmdbms_thread_num_info")).isEqualTo(5);
        assertThat(s.value("dmdbms_start_time_info")).isEqualTo(1767225600);
        assertThat(s.value("dmdbms_start_day")).isPositive();
        assertThat(
                s.value("dmdbms_version", "db_version_str", "DM Database Server 64 V8-8.1.3.140"))
            .isZero();
        assertThat(s.value("dmdbms_license_date", "date_day_str", "无限制")).isEqualTo(-1);
        assertThat(s.value("dmdbms_session_type_info", "session_type", "IDLE")).isEqualTo(3);
        assertThat(s.value("dmdbms_session_type_info", "session_type", "ACTIVE")).isEqualTo(2);
        assertThat(s.value("dmdbms_session_type_info", "session_type", "TOTAL")).isEqualTo(5);
        assertThat(s.value("dmdbms_session_type_info", "session_type", "MAX_SESSION"))
            .isEqualTo(100);
        assertThat(s.value("dmdbms_session_percentage")).isEqualTo(0.05);
        assertThat(s.value("dmdbms_tablespace_size_total_info", "tablespace_name", "MAIN"))
            .isEqualTo(128);
        assertThat(s.value("dmdbms_tablespace_size_free_info", "tablespace_name", "MAIN"))
            .isEqualTo(63);
        String file = "/dm8/data/DAMENG/MAIN.DBF";
        assertThat(s.value("dmdbms_tablespace_file_total_info", "tablespace_name", file))
            .isEqualTo(16384.0 * 8192);
        assertThat(
                s.value(
                    "dmdbms_tablespace_file_free_info",
                    "tablespace_name",
                    file,
                    "auto_extend",
                    "Y",
                    "max_size",
                    "16777215"))
            .isEqualTo(8000.0 * 8192);
        assertThat(s.value("dmdbms_ckpttime_total")).isEqualTo(5678);
        assertThat(s.types()).containsEntry("dmdbms_ckpttime_total", "counter");
        assertThat(s.value("dmdbms_memory_curr_pool_info", "pool_type", "HJ ZONE")).isEqualTo(150);
        assertThat(s.value("dmdbms_memory_total_pool_info", "pool_type", "SORT ZONE"))
            .isEqualTo(300);
        assertThat(s.value("dmdbms_bufferpool_info", "buffer_name", "FAST")).isEqualTo(0.98);
        assertThat(s.value("dmdbms_statement_type_total", "statement_name", "select statements"))
            .isEqualTo(4200);
        assertThat(s.samples("dmdbms_statement_type_total")).hasSize(3);
        assertThat(s.value("dmdbms_system_event_waits_total", "event", "log file sync"))
            .isEqualTo(77);
        assertThat(s.value("dmdbms_arch_status")).isEqualTo(1);
        assertThat(s.value("dmdbms_arch_status_info", "arch_dest", "DW_STANDBY")).isEqualTo(1);
        assertThat(s.value("dmdbms_arch_send_diff_value", "arch_dest", "DW_STANDBY"))
            .as("max send LSN 50000 - applied 49500")
            .isEqualTo(500);
        assertThat(s.value("dmdbms_joblog_error_num")).isEqualTo(1);
        assertThat(s.samples("dmdbms_rlog_file_size_bytes")).hasSize(2);
        assertThat(s.value("dmdbms_system_cpu_info")).isEqualTo(8);
        assertThat(s.value("dmdbms_system_memory_info")).isEqualTo(17179869184.0);
        assertThat(s.value("dmdbms_dual_info")).isEqualTo(1);
        assertThat(s.find("dbscope_datasource_info", "datasource", "dm")).isPresent();
      }
    }
  }

  /** What dameng_exporter plans around: an older build without these views and columns. */
  @Test
  void missingViewsAndColumnsAreCheckedAtConnectAndPlannedAround() throws Exception {
    try (DamengStandIn db =
            new DamengStandIn(
                "DELETE FROM V$DYNAMIC_TABLES WHERE NAME IN ('V$SYSTEM_EVENT', 'V$ARCH_APPLY_INFO')",
                "DELETE FROM V$DYNAMIC_TABLE_COLUMNS WHERE COLNAME = 'BUILD_VERSION'",
                "DROP TABLE V$SYSTEM_EVENT",
                "DROP TABLE V$ARCH_APPLY_INFO",
                "ALTER TABLE V$INSTANCE DROP COLUMN BUILD_VERSION");
        EngineResources resources = EngineResources.create()) {
      DatasourceConfig cfg = db.datasource().build();
      try (MonitoredDatasource m =
          new MonitoredDatasource(cfg, db.engine(), db.engine().open(cfg, resources))) {
        ExpositionText s = Scraped.of(m.collect(Deadline.in(Duration.ofSeconds(20))));

        List<String> planned = m.plan().stream().map(Definition::id).toList();
        assertThat(planned)
            .contains("dm_version_banner", "dm_arch_send")
            .doesNotContain("dm_version", "dm_system_event_waits", "dm_arch_send_apply");
        for (String id : planned) {
          assertThat(Scraped.success(s, "dm", id)).as(id).isEqualTo(1);
        }
        assertThat(s.value("dmdbms_version", "db_version_str", "64 V8 1-3-140-24.03.20-ENT"))
            .isZero();
        assertThat(s.value("dmdbms_arch_send_diff_value", "arch_dest", "DW_STANDBY"))
            .as("max send LSN 50000 - last sent 49000")
            .isEqualTo(1000);
      }
    }
  }

  @Test
  void theSwitchesOfTheSeedTurnGroupsOnAndOff() throws Exception {
    try (DamengStandIn db = new DamengStandIn();
        EngineResources resources = EngineResources.create()) {
      DatasourceConfig off =
          db.datasource()
              .registerHostMetrics(false)
              .options(EngineOptions.none().with(DamengOptions.REGISTER_DMHS_METRICS, true))
              .build();
      DatasourceConfig noDb = db.datasource().registerDatabaseMetrics(false).build();
      try (MonitoredDatasource a =
              new MonitoredDatasource(off, db.engine(), db.engine().open(off, resources));
          MonitoredDatasource b =
              new MonitoredDatasource(noDb, db.engine(), db.engine().open(noDb, resources))) {
        Scraped.of(a.collect(Deadline.in(Duration.ofSeconds(20))));
        Scraped.of(b.collect(Deadline.in(Duration.ofSeconds(20))));

        assertThat(a.plan()).extracting(Definition::id).doesNotContain("dm_system_info");
        assertThat(a.plan()).extracting(Definition::id).contains("dm_instance");
        assertThat(b.plan()).extracting(Definition::id).containsExactly("dm_system_info");
      }
    }
  }

  /**
   * dameng_exporter puts slow statements' whole text in labels of dmdbms_slow_sql_info; here they
   * are events and only their count is a metric.
   */
  @Test
  void slowSqlBecomesEventsNeverLabels() throws Exception {
    try (DamengStandIn db = new DamengStandIn();
        EngineResources resources = EngineResources.create()) {
      db.sql(
          "UPDATE V$SESSIONS SET LAST_RECV_TIME = CURRENT_TIMESTAMP - INTERVAL '30' SECOND"
              + " WHERE SESS_ID = 14");
      DatasourceConfig cfg =
          db.datasource()
              .options(
                  EngineOptions.none()
                      .with(AnalyticsOptions.CHECK_SLOW_SQL, true)
                      .with(AnalyticsOptions.SLOW_SQL_TIME, Duration.ofSeconds(10)))
              .build();
      try (MonitoredDatasource m =
          new MonitoredDatasource(cfg, db.engine(), db.engine().open(cfg, resources))) {
        ExpositionText s = Scraped.of(m.collect(Deadline.in(Duration.ofSeconds(20))));

        assertThat(Scraped.success(s, "dm", "dm_slow_sql")).isEqualTo(1);
        assertThat(s.value("dmdbms_activity_events_total", "kind", "slow_sql")).isEqualTo(1);
        assertThat(s.text()).doesNotContain("ORDERS").doesNotContain("10.0.0.2");
      }
    }
  }
}
