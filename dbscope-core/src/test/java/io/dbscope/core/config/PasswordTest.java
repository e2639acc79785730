package io.dbscope.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ENC(), ${ENV} and dbPwdFile, the plain-text warning, and that no password ever leaks. */
class PasswordTest {
  @TempDir Path dir;

  private static final String HEAD =
      """
      [[datasource]]
      name = "a"
      engine = "postgres"
      dbHost = "db1"
      """;

  @Test
  void encodeAndDecodeAreInverse() {
    assertThat(PasswordCodec.encode("s3cret")).isEqualTo("ENC(czNjcmV0)");
    assertThat(PasswordCodec.decode("ENC(czNjcmV0)")).isEqualTo("s3cret");
    assertThat(PasswordCodec.decode(PasswordCodec.encode("pässwörd €"))).isEqualTo("pässwörd €");
    assertThat(PasswordCodec.decode("plain")).isEqualTo("plain");
    // URL-safe alphabet and missing padding, as other tools write them.
    String urlSafe =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("??>>".getBytes(StandardCharsets.UTF_8));
    assertThat(urlSafe).containsAnyOf("-", "_");
    assertThat(PasswordCodec.decode("ENC(" + urlSafe + ")")).isEqualTo("??>>");
  }

  @Test
  void decodeErrorsNeverQuoteTheValue() {
    assertThatThrownBy(() -> PasswordCodec.decode("ENC(hunter2 !)"))
        .hasMessage("ENC() value is not valid base64");
    assertThatThrownBy(() -> PasswordCodec.decode("ENC(/w==)"))
        .hasMessage("ENC() value does not decode to UTF-8 text");
  }

  @Test
  void encodedPasswordIsDecodedWithoutWarning() {
    LoadedConfig loaded = new ConfigFiles(dir).load("c.toml", HEAD + "dbPwd = \"ENC(czNjcmV0)\"\n");

    assertThat(loaded.config().datasources().getFirst().password().reveal()).isEqualTo("s3cret");
    assertThat(loaded.warnings()).isEmpty();
  }

  @Test
  void environmentVariablesWorkInEveryStringAndInTypedKeys() {
    Map<String, String> env =
        Map.of(
            "PG_PW", "from-env", "PG_HOST", "db7", "ZONE", "shanghai", "CONNS", "8", "EMPTY", "");
    LoadedConfig loaded =
        new ConfigFiles(dir, env)
            .load(
                "c.toml",
                """
                [[datasource]]
                name = "a"
                engine = "postgres"
                dbHost = "${PG_HOST}:${PG_PORT:-6543}"
                dbUser = "${PG_USER:-monitor}"
                dbPwd = "${PG_PW}"
                labels = "zone=${ZONE},literal=$${NOT_A_VAR}"
                description = "${EMPTY:-fallback when empty}"
                maxOpenConns = "${CONNS}"
                checkSlowSQL = "${SLOW:-true}"
                collectors = ["${COLLECTOR:-pg_locks}"]
                """);
    DatasourceConfig ds = loaded.config().datasources().getFirst();

    assertThat(ds.address()).isEqualTo("db7:6543");
    assertThat(ds.user()).isEqualTo("monitor");
    assertThat(ds.password().reveal()).isEqualTo("from-env");
    assertThat(ds.labels())
        .containsExactly(Map.entry("zone", "shanghai"), Map.entry("literal", "${NOT_A_VAR}"));
    assertThat(ds.description()).isEqualTo("fallback when empty");
    assertThat(ds.maxOpenConns()).isEqualTo(8);
    assertThat(ds.option(TestEngines.CHECK_SLOW_SQL)).isTrue();
    assertThat(ds.collectors()).containsExactly("pg_locks");
    assertThat(loaded.warnings()).as("a password from the environment is not plain text").isEmpty();
  }

  @Test
  void passwordFileIsReadRelativeToTheConfigWithoutItsTrailingNewline() {
    ConfigFiles files = new ConfigFiles(dir);
    files.write("secrets/unix.pw", "from-file\n");
    files.write("secrets/windows.pw", "from-file\r\n");

    for (String f : List.of("secrets/unix.pw", "secrets/windows.pw")) {
      LoadedConfig loaded = files.load("c.toml", HEAD + "dbPwdFile = \"" + f + "\"\n");
      assertThat(loaded.config().datasources().getFirst().password().reveal())
          .isEqualTo("from-file");
      assertThat(loaded.warnings()).isEmpty();
    }
  }

  @Test
  void anEmptyPasswordFileIsAProblem() {
    ConfigFiles files = new ConfigFiles(dir);
    files.write("empty.pw", "\n");
    Path config = files.write("c.toml", HEAD + "dbPwdFile = \"empty.pw\"\n");

    assertThat(files.problems(config))
        .containsExactly(
            config + ":5: datasource[a].dbPwdFile: " + dir.resolve("empty.pw") + " is empty");
  }

  @Test
  void plainTextPasswordsGiveOneWarningPerDatasourceWithoutThePassword() {
    LoadedConfig loaded =
        new ConfigFiles(dir)
            .load(
                "c.toml",
                """
                basicAuthPassword = "clear-admin-pw"

                [[datasource]]
                name = "a"
                engine = "postgres"
                dbHost = "db1"
                dbPwd = "clear-pw-1"
                url = "jdbc:postgresql://db1/app?user=u&password=clear-pw-2"

                [[datasource]]
                name = "b"
                engine = "redis"
                url = "redis://:clear-pw-3@cache:6379/0"
                """);
    String f = dir.resolve("c.toml").toString();

    assertThat(loaded.warnings())
        .containsExactly(
            f
                + ":1: basicAuthPassword: the password is written in plain text; prefer a bcrypt"
                + " hash or ${ENV_VAR} (ENC() is only obfuscation, see docs/configuration.md)",
            f + ":6: datasource[a].dbHost: ignored: url is set and overrides it",
            f
                + ":7: datasource[a].dbPwd: the password is written in plain text; prefer dbPwdFile"
                + " or ${ENV_VAR} (ENC() is only obfuscation, see docs/configuration.md)",
            f
                + ":13: datasource[b].url: the URL holds a password in plain text; prefer dbPwd"
                + " with dbPwdFile or ${ENV_VAR} (see docs/configuration.md)");
    String everything = String.join("\n", loaded.warnings()) + loaded.config();
    assertThat(everything)
        .doesNotContain("clear-admin-pw", "clear-pw-1", "clear-pw-2", "clear-pw-3");
    assertThat(loaded.config().datasource("b").orElseThrow().address())
        .isEqualTo("redis://cache:6379/0");
  }

  @Test
  void seedPlaceholdersThatAreNotTextLoadWithAWarning() {
    LoadedConfig loaded =
        new ConfigFiles(dir).load("c.toml", HEAD + "dbPwd = \"ENC(base64_encrypted_password1)\"\n");

    assertThat(loaded.warnings())
        .containsExactly(
            dir.resolve("c.toml")
                + ":5: datasource[a].dbPwd:"
                + " ENC() value does not decode to UTF-8 text; the password is probably wrong");
  }

  /**
   * The password (and its ENC() form) must appear in no problem, warning or toString, whatever else
   * is wrong with the file.
   */
  @Test
  void aPasswordNeverAppearsInProblemsOrWarnings() {
    String pw = "Hunter2-S3cret!";
    String enc = PasswordCodec.encode(pw);
    String encBody = enc.substring(4, enc.length() - 1);
    ConfigFiles files = new ConfigFiles(dir, Map.of("PW", pw));
    List<String> broken =
        List.of(
            HEAD + "dbPwd = \"" + pw + "\"\nqueryTimeout = \"5x\"\nnosuchkey = 1\n",
            HEAD + "dbPwd = \"" + pw + "\n",
            HEAD + "dbPwd = " + pw + "\n",
            HEAD + "dbPwd = [\"" + pw + "\"]\n",
            HEAD + "dbPwd = \"ENC(" + pw + ")\"\n",
            HEAD + "dbPwd = \"" + enc + "\"\ndbPwd = \"" + enc + "\"\n",
            HEAD + "dbPwd = \"" + pw + "${UNSET}\"\n",
            HEAD + "dbPwd = \"" + pw + "${" + "\"\n",
            HEAD + "dbPassword = \"" + pw + "\"\n",
            HEAD + "url = \"jdbc:postgresql://u:" + pw + "@db 1/x\"\n",
            HEAD + "url = \"jdbc:mysql://db1/x?password=" + pw + "\"\n",
            "basicAuthPassword = \"$2a$10$" + pw + "\"\n" + HEAD,
            "enableBasicAuth = true\nbasicAuthPassword = \"" + enc + "\"\n" + HEAD,
            HEAD + "dbPwd = \"${PW}\"\nlabels = \"bad\"\n",
            HEAD + "dbPwd = \"" + enc + "\"\ndbPwdFile = \"c0.toml\"\n");
    List<String> yaml =
        List.of(
            "datasource:\n  - name: a\n    dbPwd: \"" + pw + "\n",
            "datasource:\n  - name: a\n    dbPwd: " + pw + ": x\n",
            "datasource:\n  - name: a\n    dbPwd: " + pw + "\n   engine: x\n",
            "datasource:\n  - name: a\n    dbPwd: [" + pw + "\n");
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < broken.size(); i++) {
      texts.addAll(files.problems("c" + i + ".toml", broken.get(i)));
    }
    for (int i = 0; i < yaml.size(); i++) {
      texts.addAll(files.problems("y" + i + ".yaml", yaml.get(i)));
    }
    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> files.load("c0.toml", broken.getFirst()));
    texts.add(e.getMessage());

    assertThat(texts).hasSizeGreaterThan(broken.size() + yaml.size());
    assertThat(texts).allSatisfy(t -> assertThat(t).doesNotContain(pw, encBody));
  }
}
