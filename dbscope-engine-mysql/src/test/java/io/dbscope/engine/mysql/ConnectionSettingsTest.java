package io.dbscope.engine.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbscope.core.config.DatasourceBuilder;
import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.config.Secret;
import io.dbscope.core.definition.ServerVersion;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** URL building and the options {@link MysqlEngine#validate} refuses; no server needed. */
class ConnectionSettingsTest {
  private final MysqlEngine engine = new MysqlEngine();
  private final MysqlDialect dialect = new MysqlDialect();

  private static DatasourceBuilder base() {
    return DatasourceConfig.builder("db", "mysql").host("127.0.0.1").port(3306);
  }

  private static DatasourceConfig withUrl(String url) {
    return base().url(URI.create(url)).build();
  }

  @Test
  void refusesLocalInfileAndDeserializationOptions() {
    assertThat(engine.validate(withUrl("jdbc:mysql://db1:3306/app?allowLoadLocalInfile=true")))
        .singleElement()
        .asString()
        .startsWith("url: option 'allowLoadLocalInfile' is not allowed")
        .contains("read files on the dbscope host");
    assertThat(engine.validate(withUrl("jdbc:mysql://db1/app?autoDeserialize=true")))
        .singleElement()
        .asString()
        .startsWith("url: option 'autoDeserialize' is not allowed")
        .contains("deserialize Java objects");
    assertThat(
            engine.validate(
                withUrl(
                    "jdbc:mariadb://db1/?allowLocalInfile=1&allowUrlInLocalInfile=true"
                        + "&allowLoadLocalInfileInPath=/tmp&socketFactory=x.Y")))
        .hasSize(4)
        .anySatisfy(p -> assertThat(p).contains("'allowLocalInfile'"))
        .anySatisfy(p -> assertThat(p).contains("'allowUrlInLocalInfile'"))
        .anySatisfy(p -> assertThat(p).contains("'allowLoadLocalInfileInPath'"))
        .anySatisfy(p -> assertThat(p).contains("'socketFactory'").contains("load and run"));
  }

  @Test
  void acceptsTheseOptionsSwitchedOffAndOrdinaryOnes() {
    assertThat(
            engine.validate(
                withUrl(
                    "jdbc:mysql://db1:3306/app?allowLoadLocalInfile=false&autoDeserialize=false"
                        + "&sslMode=verify-full&connectTimeout=2000")))
        .isEmpty();
    assertThat(engine.validate(base().database("shop").build())).isEmpty();
  }

  @Test
  void refusesAPasswordInTheUrlWithoutRepeatingIt() {
    List<String> problems =
        engine.validate(withUrl("jdbc:mariadb://db1/app?user=u&password=hunter22"));
    assertThat(problems).singleElement().asString().contains("'password'").contains("dbPwd");
    assertThat(String.join("\n", problems)).doesNotContain("hunter22");
  }

  @Test
  void refusesCredentialsBeforeTheHost() {
    List<String> problems = engine.validate(withUrl("jdbc:mysql://u:hunter22@db1/app"));
    assertThat(problems).singleElement().asString().startsWith("url: credentials before the host");
    assertThat(String.join("\n", problems)).doesNotContain("hunter22");
  }

  @Test
  void takesTheDatabaseKeyWhenTheUrlHasNone() {
    DatasourceConfig c =
        base().url(URI.create("jdbc:mariadb://db1:3306/")).database("shop").build();
    assertThat(dialect.jdbcUrl(c)).isEqualTo("jdbc:mariadb://db1:3306/shop?allowLocalInfile=false");
    DatasourceConfig d =
        base().url(URI.create("jdbc:mariadb://db1:3306/app")).database("shop").build();
    assertThat(dialect.jdbcUrl(d)).isEqualTo("jdbc:mariadb://db1:3306/app?allowLocalInfile=false");
  }

  @Test
  void refusesOtherUrlsAndOddDatabaseNames() {
    assertThat(engine.validate(withUrl("jdbc:postgresql://db1/app")))
        .containsExactly("url: must start with jdbc:mariadb:// or jdbc:mysql:// for engine mysql");
    assertThat(engine.validate(base().database("a/b?c").build()))
        .singleElement()
        .asString()
        .startsWith("database: 'a/b?c'");
  }

  @Test
  void buildsTheUrlFromHostPortAndDatabase() {
    assertThat(dialect.jdbcUrl(base().database("app").build()))
        .isEqualTo("jdbc:mariadb://127.0.0.1:3306/app?sslMode=disable&allowLocalInfile=false");
    assertThat(dialect.jdbcUrl(base().host("db1.example").port(3307).build()))
        .isEqualTo("jdbc:mariadb://db1.example:3307/?allowLocalInfile=false");
    assertThat(dialect.jdbcUrl(base().host("::1").build()))
        .isEqualTo("jdbc:mariadb://[::1]:3306/?sslMode=disable&allowLocalInfile=false");
  }

  @Test
  void neverPutsThePasswordInTheUrl() {
    DatasourceConfig c = base().user("u").password(Secret.of("s3cret-pw")).build();
    assertThat(dialect.jdbcUrl(c)).doesNotContain("s3cret-pw").doesNotContain("password");
    assertThat(dialect.driverProperties(c).toString()).doesNotContain("s3cret-pw");
  }

  @Test
  void rewritesMysqlUrlsAndDropsDangerousOptions() {
    assertThat(
            dialect.jdbcUrl(
                withUrl(
                    "jdbc:mysql://db1:3306/app?useSSL=true&allowLoadLocalInfile=true"
                        + "&autoDeserialize=true")))
        .isEqualTo("jdbc:mariadb://db1:3306/app?useSSL=true&allowLocalInfile=false");
    // A loopback URL that says something about TLS keeps it.
    assertThat(dialect.jdbcUrl(withUrl("jdbc:mariadb://localhost/app?sslMode=trust")))
        .isEqualTo("jdbc:mariadb://localhost/app?sslMode=trust&allowLocalInfile=false");
    assertThat(
            dialect.jdbcUrl(
                withUrl("jdbc:mariadb:replication://127.0.0.1:3306,127.0.0.2:3306/app")))
        .isEqualTo(
            "jdbc:mariadb:replication://127.0.0.1:3306,127.0.0.2:3306/app"
                + "?sslMode=disable&allowLocalInfile=false");
    assertThat(dialect.jdbcUrl(withUrl("jdbc:mariadb://127.0.0.1:3306,db2:3306/app")))
        .doesNotContain("sslMode");
  }

  @Test
  void connectTimeoutComesFromTheConfigUnlessTheUrlSetsIt() {
    Properties p = dialect.driverProperties(base().connectTimeout(Duration.ofSeconds(3)).build());
    assertThat(p)
        .containsEntry("connectTimeout", "3000")
        .containsEntry("allowLocalInfile", "false");
    Properties q = dialect.driverProperties(withUrl("jdbc:mariadb://db1/?connectTimeout=500"));
    assertThat(q).doesNotContainKey("connectTimeout");
  }

  @Test
  void parsesUrlParts() {
    MysqlUrl u = MysqlUrl.parse("jdbc:mysql://[::1]:3306/app?a=1&b");
    assertThat(u.hosts()).isEqualTo("[::1]:3306");
    assertThat(u.database()).isEqualTo("app");
    assertThat(u.options()).containsEntry("a", "1").containsEntry("b", "");
    assertThat(u.loopback()).isTrue();
    assertThat(MysqlUrl.parse("jdbc:mariadb://address=(host=localhost)(port=3306)/x").loopback())
        .isTrue();
    assertThat(MysqlUrl.parse("jdbc:mariadb://10.1.2.3/x").loopback()).isFalse();
    assertThatThrownBy(() -> MysqlUrl.parse("jdbc:mysql:///app"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("has no host");
  }

  @Test
  void choosesTheReplicationStatement() {
    assertThat(MysqlDialect.replicationStatusQuery(true, ServerVersion.parse("10.11.6")))
        .isEqualTo("SHOW ALL SLAVES STATUS");
    assertThat(MysqlDialect.replicationStatusQuery(false, ServerVersion.parse("8.0.36")))
        .isEqualTo("SHOW REPLICA STATUS");
    assertThat(MysqlDialect.replicationStatusQuery(false, ServerVersion.parse("5.7.44")))
        .isEqualTo("SHOW SLAVE STATUS");
    assertThat(MysqlDialect.isMariaDb("10.11.6-MariaDB-0+deb12u1")).isTrue();
    assertThat(MysqlDialect.version("10.11.6-MariaDB-0+deb12u1"))
        .isEqualTo(ServerVersion.parse("10.11.6"));
  }
}
