package io.dbscope.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A password inside a {@code url}, as docs/configuration.md says: a JDBC URL goes to the driver and
 * the pool, which may quote it in their messages, so a password in it is an error in every form the
 * drivers read; a {@code redis://} URL is read by dbscope alone and only warned about, like a plain
 * {@code dbPwd}. The password never appears in what {@code check} prints.
 */
class UrlPasswordsTest {
  private static final String SECRET = "S3cret-in-url";

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "postgres | jdbc:postgresql://127.0.0.1:5432/x?user=u&password=" + SECRET,
        "postgres | jdbc:postgresql://u:" + SECRET + "@127.0.0.1:5432/x",
        "mariadb  | jdbc:mariadb://127.0.0.1:3306/app?user=u&password=" + SECRET,
        "mariadb  | jdbc:mariadb://127.0.0.1:3306/app?pwd=" + SECRET,
        "mysql    | jdbc:mysql://127.0.0.1:3306/app?password3=" + SECRET,
        "mysql    | jdbc:mysql://address=(host=127.0.0.1)(port=3306)(password=" + SECRET + ")/app",
        "mysql    | jdbc:mysql://u:" + SECRET + "@127.0.0.1:3306/app",
      })
  void aPasswordInAJdbcUrlIsAnError(String engine, String url) throws Exception {
    CommandLineTest.Result r = check(engine, url);

    assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(2);
    assertThat(r.err()).contains("datasource[a]").contains("url").contains("password");
    assertThat(r.out() + r.err()).doesNotContain(SECRET).doesNotContain("Exception");
  }

  @Test
  void aPasswordInARedisUrlIsAcceptedWithAWarning() throws Exception {
    CommandLineTest.Result r = check("redis", "redis://:" + SECRET + "@127.0.0.1:6379/0");

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("warning: ")
        .contains("datasource[a].url: the URL holds a password in plain text");
    assertThat(r.out() + r.err()).doesNotContain(SECRET);
  }

  private CommandLineTest.Result check(String engine, String url) throws Exception {
    Path cfg = dir.resolve("c.toml");
    Files.writeString(
        cfg,
        "[[datasource]]\nname = \"a\"\nengine = \"%s\"\nurl = \"%s\"\n".formatted(engine, url));
    return CommandLineTest.run("check", "--config", cfg.toString());
  }
}
