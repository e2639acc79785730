package io.dbscope.engine.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dbscope.core.config.ConfigException;
import io.dbscope.core.config.ConfigLoader;
import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.config.Secret;
import io.dbscope.core.engine.EngineCatalog;
import io.dbscope.core.scrape.MonitoredDatasource;
import io.dbscope.testkit.CapturedLogs;
import io.dbscope.testkit.ExpositionText;
import io.dbscope.testkit.contract.SqlContract;
import io.dbscope.testkit.contract.SqlEngineUnderTest;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The generic engine on a real PostgreSQL, through pgjdbc as "any driver" found on the class path:
 * custom metrics become samples, a refused or failing query fails alone, and a driver that cannot
 * be had is a config error naming file, key and reason.
 */
class JdbcEnginePostgresTest extends SqlContract {

  @Override
  protected SqlEngineUnderTest start() {
    return new JdbcOnPostgres();
  }

  @Override
  protected List<String> setup() {
    return queueTable();
  }

  @Test
  void customMetricsBecomeSamplesAndAFailingQueryFailsAlone() throws Exception {
    Path f =
        write(
            "q.toml",
            metric("bad", "SELECT count(*) AS n FROM no_such_table")
                + metric("depth", "SELECT sum(depth) AS n FROM queue"));
    DatasourceConfig cfg = datasourceConfig().customMetricsFiles(List.of(f)).build();

    try (CapturedLogs logs = CapturedLogs.scrape();
        MonitoredDatasource ds = datasource(cfg)) {
      for (int scrape = 1; scrape <= 2; scrape++) {
        ExpositionText s = scrape(ds, Duration.ofSeconds(20));

        assertThat(s.value("jdbc_up")).isEqualTo(1);
        assertThat(s.only("depth_n", Map.of("datasource", "any"))).isPresent();
        assertThat(s.value("depth_n")).isEqualTo(16);
        assertThat(success(s, "custom:depth")).isEqualTo(1);
        assertThat(success(s, "custom:bad")).isZero();
      }
      assertThat(logs.lines())
          .filteredOn(l -> l.startsWith("WARN"))
          .singleElement()
          .asString()
          .startsWith("WARN [any] collector custom:bad failed: " + f + ":1 (metric bad): ")
          .contains("no_such_table");
    }
  }

  @Test
  void aQueryTheNeutralGuardRefusesFailsAloneAndNeverRuns() throws Exception {
    Path f =
        write(
            "mixed.toml",
            metric("grow", "INSERT INTO queue VALUES ('x', 1) RETURNING depth AS n")
                + metric("sleepy", "SELECT pg_sleep(0)::int AS n")
                + metric("depth", "SELECT sum(depth) AS n FROM queue"));
    DatasourceConfig cfg = datasourceConfig().customMetricsFiles(List.of(f)).build();

    try (MonitoredDatasource ds = datasource(cfg)) {
      ExpositionText s = scrape(ds, Duration.ofSeconds(20));

      assertThat(s.value("depth_n")).as("the honest metric beside them").isEqualTo(16);
      assertThat(s.value("dbscope_custom_file_loaded", "file", f.toString())).isEqualTo(1);
      assertThat(s.samples("dbscope_custom_metric_refused"))
          .extracting(x -> x.labels().get("metric"))
          .containsExactlyInAnyOrder("grow", "sleepy");
      assertThat(s.find("grow_n")).isEmpty();
      assertThat(s.find("sleepy_n")).as("a function only PostgreSQL has").isEmpty();
    }
    try (var c = connect()) {
      assertThat(SqlContract.count(c, "SELECT count(*) FROM queue WHERE name = 'x'")).isZero();
    }
  }

  @Test
  void aWrongDriverIsAConfigErrorNamingFileKeyAndReason() throws Exception {
    Path cfg =
        write(
            "wrong.toml",
            """
            [[datasource]]
            name = "any"
            engine = "jdbc"
            url = "%s"
            dbUser = "u"
            dbPwd = "s3cret-pw"
            driverClass = "org.example.NoSuchDriver"

            [[datasource]]
            name = "jar"
            engine = "jdbc"
            url = "jdbc:h2:mem:x"
            driverPath = "drivers/missing.jar"
            """
                .formatted(((JdbcOnPostgres) db()).fixture().jdbcUrl("postgres")));

    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () ->
                new ConfigLoader(new EngineCatalog(List.of(new JdbcEngine())), Map.of()).load(cfg));

    assertThat(e).isNotNull();
    assertThat(e.getMessage())
        .contains(cfg.toString())
        .contains("driverClass: no class org.example.NoSuchDriver on dbscope's class path")
        .contains("driverPath")
        .contains("no such file or directory: " + dir.resolve("drivers/missing.jar"))
        .doesNotContain("s3cret-pw")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
    assertThat(Files.exists(dir.resolve("drivers"))).isFalse();
  }

  @Test
  void aPasswordInTheUrlIsRefused() {
    DatasourceConfig cfg =
        DatasourceConfig.builder("any", "jdbc")
            .url(
                URI.create(
                    ((JdbcOnPostgres) db()).fixture().jdbcUrl("postgres") + "?user=u&password=pw"))
            .password(Secret.of("x"))
            .build();

    assertThat(new JdbcEngine().validate(cfg))
        .containsExactly("url: must not carry a password; give it in dbPwd, dbPwdFile or ENC()");
  }

  @Test
  void urlOptionsThatLoadClassesRunCodeOrReadFilesAreRefused() {
    DatasourceConfig cfg =
        DatasourceConfig.builder("any", "jdbc")
            .url(
                URI.create(
                    ((JdbcOnPostgres) db()).fixture().jdbcUrl("postgres")
                        + "?socketFactory=x.Y&ssl=true"))
            .build();
    DatasourceConfig h2 =
        DatasourceConfig.builder("h2", "jdbc")
            .url(URI.create("jdbc:h2:mem:x;INIT=RUNSCRIPT%20FROM%20'x'"))
            .build();

    assertThat(new JdbcEngine().validate(cfg))
        .containsExactly(
            "url: option socketFactory is refused: it lets the driver load classes, run code or"
                + " read local files");
    assertThat(new JdbcEngine().validate(h2))
        .containsExactly(
            "url: option INIT is refused: it lets the driver load classes, run code or read local"
                + " files");
  }
}
