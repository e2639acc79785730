package io.dbscope.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * The {@code server} label's value: host and port as the community exporter writes them from its
 * DSN (checked against postgres_exporter 0.17.1: "127.0.0.1:5432", "localhost:5432" for a DSN
 * without port, the socket directory for a unix socket), never a credential.
 */
class ServerAddressTest {
  @Test
  void dbHostGivesHostAndPort() {
    assertThat(ServerAddress.of("127.0.0.1", 5432, null)).isEqualTo("127.0.0.1:5432");
    assertThat(ServerAddress.of("db.example", 6379, null)).isEqualTo("db.example:6379");
  }

  @Test
  void aUrlGivesItsHostsWithTheDefaultPortWhereNoneIsWritten() {
    assertThat(ServerAddress.of("h", 5432, "jdbc:postgresql://db1:5433/app?user=u"))
        .isEqualTo("db1:5433");
    assertThat(ServerAddress.of("h", 5432, "jdbc:postgresql://db1/app")).isEqualTo("db1:5432");
    assertThat(ServerAddress.of("h", 5432, "jdbc:postgresql://db1,db2:5433/app"))
        .isEqualTo("db1:5432,db2:5433");
    assertThat(ServerAddress.of("h", 5432, "jdbc:postgresql://[::1]:5433/app"))
        .isEqualTo("::1:5433");
    assertThat(ServerAddress.of("h", 5432, "jdbc:postgresql://[::1]/app")).isEqualTo("::1:5432");
  }

  @Test
  void credentialsAndParametersNeverAppear() {
    String server =
        ServerAddress.of(
            "h", 6379, "redis://admin:s3cr%40t@cache.example:6380/0?password=other#frag");
    assertThat(server).isEqualTo("cache.example:6380");
    assertThat(ServerAddress.of("h", 5432, "jdbc:postgresql://u:p@w@db1:5432/x?password=p"))
        .isEqualTo("db1:5432");
  }

  @Test
  void aUrlWithoutHostsGivesTheDatasourcesHostAndPort() {
    assertThat(ServerAddress.of("127.0.0.1", 5432, "jdbc:postgresql:app"))
        .isEqualTo("127.0.0.1:5432");
  }

  @Test
  void theDatasourceNamesItsServer() {
    DatasourceConfig byHost =
        DatasourceConfig.builder("a", "scripted").host("10.0.0.7").port(5432).build();
    assertThat(byHost.server()).isEqualTo("10.0.0.7:5432");
    DatasourceConfig byUrl =
        DatasourceConfig.builder("b", "scripted")
            .port(3306)
            .url(URI.create("jdbc:mariadb://user:pw@db1:3307,db2/app"))
            .build();
    assertThat(byUrl.server()).isEqualTo("db1:3307,db2:3306");
  }
}
