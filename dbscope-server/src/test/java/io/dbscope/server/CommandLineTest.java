package io.dbscope.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.testkit.FreePort;
import io.dbscope.testkit.RedisFixture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The commands a user types: exit codes and what they print. */
class CommandLineTest {

  record Result(int exit, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void checkReportsEveryProblemWithExitCode2AndNoStackTrace(@TempDir Path dir) throws Exception {
    Path cfg = dir.resolve("bad.toml");
    Files.writeString(
        cfg,
        """
        listenAddress = ":9630"
        [[datasource]]
        name = "a"
        engine = "oracle"
        dbHost = "127.0.0.1:1521"
        dbPwd = "hunter2-secret"
        [[datasource]]
        name = "a"
        engine = "redis"
        dbHost = "127.0.0.1:6379"
        priority = 7
        """);
    Result r = run("check", "--config", cfg.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err())
        .contains("problem(s)")
        .contains("engine")
        .contains("priority")
        .contains("name");
    assertThat(r.err())
        .doesNotContain("hunter2-secret")
        .doesNotContain("\tat ")
        .doesNotContain("Exception");
  }

  @Test
  void checkConnectPrintsATableAndFailsWhenOneIsUnreachable(@TempDir Path dir) throws Exception {
    try (RedisFixture redis = RedisFixture.system().start()) {
      Path cfg = dir.resolve("two.toml");
      Files.writeString(
          cfg,
          """
          [[datasource]]
          name = "up-redis"
          engine = "redis"
          dbHost = "127.0.0.1:%d"
          [[datasource]]
          name = "down-redis"
          engine = "redis"
          dbHost = "127.0.0.1:%d"
          connectTimeout = "1s"
          """
              .formatted(redis.port(), FreePort.find()));
      Result r = run("check", "--config", cfg.toString(), "--connect");
      assertThat(r.exit()).isEqualTo(1);
      assertThat(r.out()).contains("NAME").contains("REACHABLE");
      assertThat(r.out().lines().filter(l -> l.startsWith("up-redis")))
          .singleElement()
          .asString()
          .contains(" yes ");
      assertThat(r.out().lines().filter(l -> l.startsWith("down-redis")))
          .singleElement()
          .asString()
          .contains(" no ");

      Path ok = dir.resolve("one.toml");
      Files.writeString(
          ok,
          "[[datasource]]\nname = \"r\"\nengine = \"redis\"\ndbHost = \"127.0.0.1:%d\"\n"
              .formatted(redis.port()));
      assertThat(run("check", "--config", ok.toString(), "--connect").exit()).isZero();
      assertThat(run("check", "--config", ok.toString()).exit()).isZero();
    }
  }

  @Test
  void encodePasswordPrintsEncForm() {
    Result r = run("encode-password", "abc");
    assertThat(r.exit()).isZero();
    assertThat(r.out().strip()).isEqualTo("ENC(YWJj)");
  }

  @Test
  void demoSaysWhereTheDemoIsBecauseThisJarHasNoEmbeddedDatabases() {
    for (String[] args : new String[][] {{"demo"}, {"demo", "--port", "9631", "--no-mariadb"}}) {
      Result r = run(args);
      assertThat(r.exit()).isEqualTo(1);
      assertThat(r.err().strip())
          .startsWith("dbscope: ")
          .contains("./dbscope demo")
          .contains("dbscope-demo.jar")
          .doesNotContain("\tat ")
          .doesNotContain("Exception")
          .hasLineCount(1);
    }
    assertThat(run("--help").out()).contains("demo").contains("run").contains("encode-password");
  }

  @Test
  void runRefusesABadConfig(@TempDir Path dir) throws Exception {
    Path cfg = dir.resolve("bad.yaml");
    Files.writeString(cfg, "listenAddress: 1234\nnosuchkey: 1\n");
    Result r = run("run", "--config", cfg.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("nosuchkey");
  }

  @Test
  void checkListsCustomMetricsAndRunsThemWithConnect(@TempDir Path dir) throws Exception {
    try (io.dbscope.testkit.PostgresFixture pg =
        io.dbscope.testkit.PostgresFixture.builder().start()) {
      Files.writeString(
          dir.resolve("custom.toml"),
          """
          [[metric]]
          context = "app_sessions"
          request = "SELECT count(*) AS total FROM pg_stat_activity"
          metricsdesc = { total = "Sessions." }

          [[metric]]
          context = "evil"
          request = "DELETE FROM pg_class"
          metricsdesc = { n = "never" }
          """);
      Path cfg = dir.resolve("c.toml");
      Files.writeString(
          cfg,
          """
          [[datasource]]
          name = "pg"
          engine = "postgres"
          dbHost = "127.0.0.1:%d"
          dbUser = "postgres"
          customMetricsFile = "custom.toml"
          """
              .formatted(pg.port()));
      Result bad = run("check", "--config", cfg.toString());
      assertThat(bad.exit()).isEqualTo(2);
      assertThat(bad.err()).contains("custom.toml").contains("evil");
      assertThat(bad.out()).contains("app_sessions");

      Files.writeString(
          dir.resolve("custom.toml"),
          """
          [[metric]]
          context = "app_sessions"
          request = "SELECT count(*) AS total FROM pg_stat_activity"
          metricsdesc = { total = "Sessions." }
          """);
      Result ok = run("check", "--config", cfg.toString(), "--connect");
      assertThat(ok.exit()).as(ok.out() + ok.err()).isZero();
      assertThat(
              ok.out()
                  .lines()
                  .filter(l -> l.startsWith("pg ") && l.contains("custom:app_sessions")))
          .singleElement()
          .asString()
          .contains(" yes ");
    }
  }

  @Test
  void runStrictRefusesABrokenCustomMetricsFile(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("custom.toml"),
        "[[metric]]\ncontext = \"x\"\nrequest = \"DROP TABLE t\"\nmetricsdesc = { n = \"n\" }\n");
    Path cfg = dir.resolve("c.toml");
    Files.writeString(
        cfg,
        "listenAddress = \"127.0.0.1:0\"\n[[datasource]]\nname = \"r\"\nengine = \"postgres\"\ndbHost = \"127.0.0.1:1\"\ncustomMetricsFile = \"custom.toml\"\n");
    Result r = run("run", "--config", cfg.toString(), "--strict");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("custom.toml").doesNotContain("\tat ");
  }

  /** Seed 003's example (section 2.1) with engine = "dameng" added: it loads and passes check. */
  @Test
  void theSeedExampleOnDamengPassesCheck() {
    Path seed = Path.of("").toAbsolutePath().getParent().resolve("config/dameng/seed-example.toml");

    Result r = run("check", "--config", seed.toString());

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("prod-master").contains("test-db");
  }
}
