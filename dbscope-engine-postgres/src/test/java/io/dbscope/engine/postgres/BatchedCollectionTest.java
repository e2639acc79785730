package io.dbscope.engine.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.config.Secret;
import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.scrape.Deadline;
import io.dbscope.core.scrape.MonitoredDatasource;
import io.dbscope.testkit.CapturedLogs;
import io.dbscope.testkit.ExpositionText;
import io.dbscope.testkit.PostgresFixture;
import io.dbscope.testkit.Scraped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A scrape reads PostgreSQL's built-in collectors with one batched statement, counted on the server
 * by pg_stat_statements; a collector the login may not run fails alone and leaves the batch, and
 * the others keep succeeding in it.
 */
class BatchedCollectionTest {
  private static PostgresFixture pg;
  private static EngineResources resources;
  private static Connection sql;

  @BeforeAll
  static void start() throws SQLException {
    pg = PostgresFixture.builder().statStatements().start();
    resources = EngineResources.create();
    sql = pg.connect();
    try (Statement st = sql.createStatement()) {
      st.execute("CREATE EXTENSION pg_stat_statements");
      // Without pg_monitor: pg_ls_waldir() (collector pg_wal) is refused, the rest works.
      st.execute("CREATE ROLE plain LOGIN PASSWORD 'plain-pw'");
      st.execute("CREATE ROLE monitor LOGIN PASSWORD 'monitor-pw'");
      st.execute("GRANT pg_monitor TO monitor");
    }
  }

  @AfterAll
  static void stop() throws SQLException {
    if (sql != null) {
      sql.close();
    }
    if (resources != null) {
      resources.close();
    }
    if (pg != null) {
      pg.close();
    }
  }

  private static MonitoredDatasource datasource(String user, String password) {
    DatasourceConfig cfg =
        DatasourceConfig.builder("pg", "postgres")
            .host(pg.host())
            .port(pg.port())
            .user(user)
            .password(Secret.of(password))
            .collectors(List.of())
            .build();
    PostgresEngine engine = new PostgresEngine();
    return new MonitoredDatasource(cfg, engine, engine.open(cfg, resources));
  }

  private static ExpositionText scrape(MonitoredDatasource md) {
    return Scraped.of(md.collect(Deadline.in(Duration.ofSeconds(20))));
  }

  /** Texts and calls of the statements {@code user} ran, from pg_stat_statements. */
  private static List<Object[]> statementsOf(String user) throws SQLException {
    List<Object[]> out = new ArrayList<>();
    try (Statement st = sql.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT query, calls FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid"
                    + " WHERE r.rolname = '"
                    + user
                    + "'")) {
      while (rs.next()) {
        out.add(new Object[] {rs.getString(1), rs.getLong(2)});
      }
    }
    return out;
  }

  private static long callsOf(String user, String containing) throws SQLException {
    return statementsOf(user).stream()
        .filter(r -> ((String) r[0]).contains(containing))
        .mapToLong(r -> (Long) r[1])
        .sum();
  }

  @Test
  void everyDueBuiltinIsReadWithOneStatement() throws Exception {
    try (MonitoredDatasource md = datasource("monitor", "monitor-pw")) {
      ExpositionText first = scrape(md);
      for (String id : List.of("pg_stat_database", "pg_locks", "pg_wal", "pg_settings")) {
        assertThat(Scraped.success(first, "pg", id)).as(id).isEqualTo(1);
      }
      scrape(md);
      scrape(md);
      // A built-in's view appears only in batches (the first scrape's also holds the collectors
      // with a ttl, so it is another statement), one per scrape.
      List<Object[]> mentioning =
          statementsOf("monitor").stream()
              .filter(r -> ((String) r[0]).contains("FROM pg_stat_database_conflicts"))
              .toList();
      assertThat(mentioning).allSatisfy(r -> assertThat((String) r[0]).contains("json_agg"));
      assertThat(mentioning.stream().mapToLong(r -> (Long) r[1]).sum()).isEqualTo(3);
      // pg_settings has a 60 s ttl: read by the first scrape's batch only.
      assertThat(callsOf("monitor", "FROM pg_settings")).isEqualTo(1);
    }
  }

  @Test
  void aCollectorThatFailsAloneLeavesTheBatchAndTheOthersStayInIt() throws Exception {
    try (CapturedLogs logs = CapturedLogs.scrape();
        MonitoredDatasource md = datasource("plain", "plain-pw")) {
      ExpositionText first = scrape(md);
      ExpositionText second = scrape(md);
      ExpositionText third = scrape(md);
      for (ExpositionText t : List.of(first, second, third)) {
        assertThat(Scraped.success(t, "pg", "pg_wal")).isZero();
        assertThat(Scraped.success(t, "pg", "pg_stat_database")).isEqualTo(1);
        assertThat(Scraped.success(t, "pg", "pg_locks")).isEqualTo(1);
        assertThat(t.value("pg_up")).isEqualTo(1);
      }
      // The first batch failed (pg_wal in it); pg_wal then failed alone and left; the later
      // batches, without it, succeeded.
      List<Object[]> batches =
          statementsOf("plain").stream().filter(r -> ((String) r[0]).contains("json_agg")).toList();
      assertThat(batches)
          .as("%s", batches.stream().map(r -> r[1] + " " + r[0]).toList())
          .anySatisfy(
              r -> {
                assertThat((String) r[0]).doesNotContain("pg_ls_waldir");
                assertThat((Long) r[1]).isEqualTo(2);
              });
      // Failed statements are not recorded: no batch with pg_ls_waldir in it ever succeeded.
      assertThat(batches).noneMatch(r -> ((String) r[0]).contains("pg_ls_waldir"));
      assertThat(logs.lines())
          .anyMatch(l -> l.startsWith("INFO [pg] collectors [pg_wal] failed on their own"));
    }
  }
}
