package io.dbscope.engine.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.DatasourceBuilder;
import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.config.Secret;
import io.dbscope.core.definition.Definition;
import io.dbscope.core.definition.ServerVersion;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine's identity, its config checks and the dialect's URL and driver properties. */
class PostgresEngineTest {
  private final PostgresEngine engine = new PostgresEngine();
  private final PostgresDialect dialect = new PostgresDialect();

  private static DatasourceBuilder ds() {
    return DatasourceConfig.builder("main", "postgres").host("db.example").port(5432);
  }

  @Test
  void identityMatchesTheCommunityExporter() {
    assertThat(engine.id()).isEqualTo("postgres");
    assertThat(engine.aliases()).containsExactly("postgresql", "pg");
    assertThat(engine.defaultPort()).isEqualTo(5432);
    assertThat(engine.upMetric()).isEqualTo("pg_up");
    assertThat(engine.upHelp()).contains("PostgreSQL");
  }

  @Test
  void builtinDefinitionsAreLoadedOnceAndDescribeThemselves() {
    List<Definition> defs = engine.definitions();
    assertThat(defs).hasSizeGreaterThanOrEqualTo(20);
    assertThat(engine.definitions()).isSameAs(defs);
    assertThat(defs)
        .allSatisfy(
            d -> {
              assertThat(d.help()).as(d.id()).isNotBlank();
              assertThat(d.origin()).startsWith("definitions/postgres/");
            });
    assertThat(defs)
        .extracting(Definition::id)
        .contains(
            "pg_stat_database",
            "pg_settings",
            "pg_stat_bgwriter",
            "pg_stat_bgwriter_pg17",
            "pg_locks",
            "pg_stat_activity",
            "pg_database_size",
            "pg_replication");
  }

  @Test
  void urlIsBuiltFromHostPortAndDatabaseWithoutCredentials() {
    DatasourceConfig c =
        ds().database("sales db").user("monitor").password(Secret.of("s3cr3t!")).build();
    String url = dialect.jdbcUrl(c);
    assertThat(url).isEqualTo("jdbc:postgresql://db.example:5432/sales+db");
    assertThat(url).doesNotContain("s3cr3t").doesNotContain("monitor");
    assertThat(dialect.driverProperties(c).values()).doesNotContain("s3cr3t!");
  }

  @Test
  void databaseDefaultsToPostgres() {
    assertThat(dialect.jdbcUrl(ds().build())).endsWith(":5432/postgres");
    assertThat(dialect.jdbcUrl(ds().database("").build())).endsWith(":5432/postgres");
  }

  @Test
  void ipv6HostsAreBracketed() {
    assertThat(dialect.jdbcUrl(ds().host("::1").build()))
        .isEqualTo("jdbc:postgresql://[::1]:5432/postgres");
  }

  @Test
  void aGivenUrlIsUsedAsWritten() {
    URI url = URI.create("jdbc:postgresql://a:5433,b:5433/app?targetServerType=primary");
    assertThat(dialect.jdbcUrl(ds().url(url).build())).isEqualTo(url.toString());
  }

  @Test
  void driverPropertiesNameTheApplicationAndBoundTheConnect() {
    var p = dialect.driverProperties(ds().connectTimeout(Duration.ofMillis(2500)).build());
    assertThat(p.getProperty("ApplicationName")).isEqualTo("dbscope");
    assertThat(p.getProperty("connectTimeout")).isEqualTo("3");
    assertThat(p.getProperty("loginTimeout")).isEqualTo("3");
    assertThat(p.getProperty("tcpKeepAlive")).isEqualTo("true");
  }

  @Test
  void validConfigsHaveNoProblems() {
    assertThat(engine.validate(ds().build())).isEmpty();
    assertThat(
            engine.validate(
                ds().url(URI.create("jdbc:postgresql://h:1/db?sslmode=require")).build()))
        .isEmpty();
  }

  @Test
  void aUrlOfAnotherDriverIsReported() {
    assertThat(engine.validate(ds().url(URI.create("jdbc:mysql://h:3306/db?password=x")).build()))
        .containsExactly(
            "url: must start with 'jdbc:postgresql://' for engine"
                + " postgres, not 'jdbc:mysql://h:3306/db?password=******'");
  }

  @Test
  void aPasswordInTheUrlIsReportedWithoutEchoingIt() {
    List<String> problems =
        engine.validate(
            ds().url(URI.create("jdbc:postgresql://h:5432/db?user=u&password=hunter2")).build());
    assertThat(problems)
        .containsExactly(
            "url: must not carry a password; give it in dbPwd, dbPwdFile or" + " ENC()");
    assertThat(String.join(" ", problems)).doesNotContain("hunter2");
  }

  @Test
  void credentialsBeforeTheHostAreReported() {
    assertThat(engine.validate(ds().url(URI.create("jdbc:postgresql://u:pw@h:5432/db")).build()))
        .containsExactly(
            "url: must not carry user@ or user:password@; give them in dbUser" + " and dbPwd");
  }

  @Test
  void badHostPortAndDatabaseAreReportedTogether() {
    assertThat(engine.validate(ds().host(" ").port(70000).database("  ").build()))
        .containsExactly(
            "dbHost: a host is required when no url is given",
            "dbHost: port 70000 is not between 1 and 65535",
            "database: must not be blank");
  }

  @Test
  void versionComesFromTheVersionNumber() {
    assertThat(PostgresDialect.version(180001, "18.1"))
        .isEqualTo(new ServerVersion(List.of(18, 1)));
    assertThat(PostgresDialect.version(130023, "13.23 (Debian 13.23-1)"))
        .isEqualTo(ServerVersion.parse("13.23"));
    assertThat(PostgresDialect.version(90624, "9.6.24")).isEqualTo(ServerVersion.parse("9.6.24"));
    assertThat(PostgresDialect.version(0, "16beta2")).isEqualTo(ServerVersion.parse("16"));
    assertThat(PostgresDialect.version(0, "")).isEqualTo(ServerVersion.UNKNOWN);
  }

  @Test
  void extensionsAreSplit() {
    assertThat(PostgresDialect.extensions("plpgsql,pg_stat_statements"))
        .containsExactlyInAnyOrder("plpgsql", "pg_stat_statements");
    assertThat(PostgresDialect.extensions("")).isEmpty();
    assertThat(PostgresDialect.extensions(null)).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void urlOptionsThatLoadClassesAreRefused() {
    var cfg =
        io.dbscope.core.config.DatasourceConfig.builder("main", "postgres")
            .url(
                java.net.URI.create(
                    "jdbc:postgresql://db:5432/app?sslfactory=evil.Factory&socketFactory=evil.Socket&ssl=true"))
            .build();
    org.assertj.core.api.Assertions.assertThat(new PostgresEngine().validate(cfg))
        .containsExactly(
            "url: option sslfactory is refused: it makes the driver load a class named in the URL",
            "url: option socketFactory is refused: it makes the driver load a class named in the URL");
  }
}
