package io.dbscope.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A port inside a {@code url} is range-checked like one in {@code dbHost}, in every form the
 * engines' URLs take (several hosts, IPv6 in brackets, MySQL's {@code address=(...)}, credentials
 * before the host), and the URL itself is never quoted: it may hold a password.
 */
class UrlPortsTest {
  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "redis    | redis://cache.example.com:99999               | 99999",
        "redis    | rediss://:S3cret-pw@cache:70000/0              | 70000",
        "redis    | redis://cache:0                                | 0",
        "postgres | jdbc:postgresql://db1:99999/x                  | 99999",
        "postgres | jdbc:postgresql://db1:5432,db2:65536/x?targetServerType=primary | 65536",
        "postgres | jdbc:postgresql://[::1]:99999/x                | 99999",
        "mysql    | jdbc:mariadb://db1:99999/app                   | 99999",
        "mysql    | jdbc:mariadb://db1:3306,db2:123456/app         | 123456",
        "mysql    | jdbc:mariadb:replication://db1,[fe80::1]:80000/app | 80000",
        "mysql    | jdbc:mariadb://address=(host=db1)(port=99999)/app | 99999",
      })
  void aPortOutOfRangeInAUrlIsRefusedWithKeyAndRange(String engine, String url, String port) {
    ConfigFiles files = new ConfigFiles(dir);
    Path f =
        files.write(
            "c.toml",
            "[[datasource]]\nname = \"a\"\nengine = \"" + engine + "\"\nurl = \"" + url + "\"\n");

    assertThat(files.problems(f))
        .containsExactly(f + ":4: datasource[a].url: port " + port + " is not between 1 and 65535");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "jdbc:postgresql://db1:5432,db2:6432/x",
        "jdbc:postgresql://[::1]:5432/x",
        "jdbc:postgresql://db1/x",
        "jdbc:postgresql:x",
        "jdbc:mariadb://db1,db2:3307/app",
        "jdbc:mariadb://address=(host=db1)(port=3306)(type=primary)/app",
        "redis://user:p%40ss@cache:65535/1",
      })
  void portsInRangeOrLeftOutAreAccepted(String url) {
    String engine =
        url.startsWith("redis") ? "redis" : url.contains("postgresql") ? "postgres" : "mysql";
    ConfigFiles files = new ConfigFiles(dir);

    LoadedConfig loaded =
        files.load(
            "ok.toml",
            "[[datasource]]\nname = \"a\"\nengine = \"" + engine + "\"\nurl = \"" + url + "\"\n");

    assertThat(loaded.config().datasources()).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"redis://:S3cret-pw@cache:port/0", "jdbc:postgresql://db1:x5432/db"})
  void aPortThatIsNotANumberIsRefusedWithoutQuotingTheUrl(String url) {
    String engine = url.startsWith("redis") ? "redis" : "postgres";
    ConfigFiles files = new ConfigFiles(dir);
    Path f =
        files.write(
            "c.toml",
            "[[datasource]]\nname = \"a\"\nengine = \"" + engine + "\"\nurl = \"" + url + "\"\n");

    assertThat(files.problems(f))
        .singleElement()
        .asString()
        .contains("datasource[a].url: ")
        .contains("is not a number between 1 and 65535")
        .doesNotContain("S3cret-pw")
        .doesNotContain(url);
  }
}
