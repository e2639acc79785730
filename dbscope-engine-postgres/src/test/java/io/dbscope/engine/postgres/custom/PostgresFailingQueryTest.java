package io.dbscope.engine.postgres.custom;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.scrape.MonitoredDatasource;
import io.dbscope.engine.postgres.PostgresUnderTest;
import io.dbscope.testkit.CapturedLogs;
import io.dbscope.testkit.ExpositionText;
import io.dbscope.testkit.contract.FailingQueryContract;
import io.dbscope.testkit.contract.SqlEngineUnderTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

/**
 * {@link FailingQueryContract} on PostgreSQL. Some SQLSTATEs are ones that HikariCP takes for a
 * broken connection out of the box ({@code 0A000}, {@code 57P01}…); the statement errors are
 * provoked by the query itself or raised with that SQLSTATE by a function behind a view. Connected
 * as a monitoring role with {@code pg_monitor}, as in production.
 */
class PostgresFailingQueryTest extends FailingQueryContract {
  /** SQLSTATEs raised by a function, among them every one HikariCP evicts a connection for. */
  private static final List<String> RAISED =
      List.of(
          "0A000", "57P01", "57P02", "57P03", "01002", "JZ0C0", "JZ0C1", "40001", "53200", "55000",
          "58000", "XX000", "P0001");

  @Override
  protected SqlEngineUnderTest start() {
    return PostgresUnderTest.start();
  }

  @Override
  protected List<String> setup() {
    List<String> setup =
        new ArrayList<>(
            List.of(
                "CREATE ROLE monitor LOGIN",
                "GRANT pg_monitor TO monitor",
                "CREATE TABLE queue (name text, depth int)",
                "INSERT INTO queue VALUES ('mail', 4), ('sms', 0), ('push', 12)",
                "GRANT SELECT, INSERT ON queue TO monitor",
                "CREATE TABLE secret (a int)",
                "CREATE FUNCTION fail_with(code text) RETURNS int LANGUAGE plpgsql"
                    + " AS $$BEGIN RAISE EXCEPTION 'raised %', code USING ERRCODE = code; END$$",
                "CREATE FUNCTION sneaky() RETURNS int LANGUAGE plpgsql"
                    + " AS $$BEGIN INSERT INTO queue VALUES ('x', 1); RETURN 1; END$$",
                "CREATE VIEW sneaky_view AS SELECT sneaky() AS n",
                "CREATE VIEW slow AS SELECT 1 AS n FROM pg_sleep(5)",
                "CREATE VIEW suicide AS SELECT pg_terminate_backend(pg_backend_pid())::int AS n",
                "GRANT SELECT ON sneaky_view, slow, suicide TO monitor"));
    for (String code : RAISED) {
      String view = "raise_" + code.toLowerCase(Locale.ROOT);
      setup.add("CREATE VIEW " + view + " AS SELECT fail_with('" + code + "') AS n");
      setup.add("GRANT SELECT ON " + view + " TO monitor");
    }
    setup.add("CREATE VIEW raise_08006 AS SELECT fail_with('08006') AS n");
    setup.add("GRANT SELECT ON raise_08006 TO monitor");
    return setup;
  }

  @Override
  protected Stream<Arguments> failingQueries() {
    List<Arguments> out =
        new ArrayList<>(
            List.of(
                Arguments.of("0A000", "SELECT count(*) AS n FROM otherdb.public.t"),
                Arguments.of("42P01", "SELECT count(*) AS n FROM no_such_table"),
                Arguments.of("42703", "SELECT nope AS n FROM queue"),
                Arguments.of("22012", "SELECT 1 / (count(*) - count(*)) AS n FROM queue"),
                Arguments.of("22P02", "SELECT CAST('abc' AS int) AS n"),
                Arguments.of("22003", "SELECT 2147483647 + 1 AS n"),
                Arguments.of("21000", "SELECT (SELECT depth FROM queue) AS n"),
                Arguments.of("54000", "SELECT ARRAY[[[[[[[1]]]]]]] AS n"),
                Arguments.of("42501", "SELECT count(*) AS n FROM secret"),
                Arguments.of("25006", "SELECT n FROM sneaky_view"),
                Arguments.of("57014", "SELECT n FROM slow")));
    for (String code : RAISED) {
      out.add(Arguments.of(code, "SELECT n FROM raise_" + code.toLowerCase(Locale.ROOT)));
    }
    return out.stream();
  }

  @Override
  protected Map<String, String> connectionLosingQueries() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("suicide", "SELECT n FROM suicide");
    m.put("broken", "SELECT n FROM raise_08006");
    return m;
  }

  /**
   * Connecting is not enough for up: a datasource whose collectors all fail (here: its only ones,
   * two custom collectors without the permission they need) is down and unhealthy with the reason,
   * also after a health check's successful ping, until a collector succeeds again. (One where only
   * some fail stays up: the contract's tests.)
   */
  @Test
  void aDatasourceWhoseCollectorsAllFailIsDownUntilOneSucceeds() throws Exception {
    sql("CREATE TABLE guarded_stock (n int)", "INSERT INTO guarded_stock VALUES (7)");
    Path f =
        write(
            "all.toml",
            metric("stock", "SELECT sum(n) AS n FROM guarded_stock")
                + metric("stock_rows", "SELECT count(*) AS n FROM guarded_stock"));
    DatasourceConfig cfg =
        datasourceConfig()
            .user("monitor")
            .registerDatabaseMetrics(false)
            .excludeCollectors(List.of("pg_activity"))
            .queryTimeout(Duration.ofSeconds(1))
            .customMetricsFiles(List.of(f))
            .build();

    try (CapturedLogs logs = CapturedLogs.scrape();
        MonitoredDatasource ds = datasource(cfg)) {
      ExpositionText s = scrape(ds, Duration.ofSeconds(20));
      assertThat(s.value("pg_up")).isZero();
      assertThat(s.value("dbscope_datasource_up")).isZero();
      assertThat(s.value("dbscope_datasource_health", "state", "unhealthy")).isEqualTo(1);
      assertThat(ds.health().label()).isEqualTo("unhealthy");
      String reason = ds.lastError();
      assertThat(reason)
          .startsWith("every collector failed in the last scrape (2); the first: custom:stock: ")
          .contains("permission denied for table guarded_stock");
      ds.check();
      assertThat(ds.health().label())
          .as("the ping works, the queries do not")
          .isEqualTo("unhealthy");

      sql("GRANT SELECT ON guarded_stock TO monitor");
      s = scrape(ds, Duration.ofSeconds(20));

      assertThat(s.value("pg_up")).isEqualTo(1);
      assertThat(s.value("dbscope_datasource_up")).isEqualTo(1);
      assertThat(s.value("stock_n")).isEqualTo(7);
      assertThat(ds.health().label()).isEqualTo("healthy");
      assertThat(ds.lastError()).isEmpty();
      assertThat(logs.lines())
          .filteredOn(l -> l.contains("datasource is"))
          .containsExactly(
              "WARN [pg] datasource is unhealthy: " + reason,
              "INFO [pg] datasource is healthy (was unhealthy)");
    }
  }
}
