package io.dbscope.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code check} with the real engines refuses a {@code url} whose port is out of range, for every
 * engine and URL form, with exit code 2 and a line naming key and range, never the URL.
 */
class UrlChecksTest {
  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "redis   | redis://:S3cret-pw@127.0.0.1:99999/0 | 99999",
        "postgres| jdbc:postgresql://127.0.0.1:99999/x  | 99999",
        "mariadb | jdbc:mariadb://127.0.0.1:99999/app   | 99999",
        "mysql   | jdbc:mysql://127.0.0.1:3306,db2:70000/app | 70000",
      })
  void aPortOutOfRangeInAUrlFailsCheck(String engine, String url, String port) throws Exception {
    Path cfg = dir.resolve("c.toml");
    Files.writeString(
        cfg,
        "[[datasource]]\nname = \"a\"\nengine = \"%s\"\nurl = \"%s\"\n".formatted(engine, url));

    CommandLineTest.Result r = CommandLineTest.run("check", "--config", cfg.toString());

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err())
        .contains(cfg + ":4: datasource[a].url: port " + port + " is not between 1 and 65535")
        .doesNotContain(url)
        .doesNotContain("S3cret-pw")
        .doesNotContain("Exception");
  }
}
