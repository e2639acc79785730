package io.dbscope.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17's config: two {@code jdbc} datasources whose drivers (H2, sqlite-jdbc) come from
 * directories through {@code driverPath}, a PostgreSQL and a DM8 one, with custom metrics on the
 * {@code jdbc} ones: {@code dbscope check} loads both drivers and passes. (Serving their metrics is
 * shown in dbscope-engine-jdbc's tests, DM8's {@code up 0} in dbscope-engine-dameng's.)
 */
class MixedFleetCheckTest {
  private static final Path DRIVERS = Path.of(System.getProperty("dbscope.test.drivers"));

  @TempDir Path dir;

  @Test
  void jdbcFromTwoDriverDirectoriesPostgresAndDamengPassCheck() throws Exception {
    Files.writeString(
        dir.resolve("custom.toml"),
        "[[metric]]\ncontext = \"queue\"\nrequest = \"SELECT COUNT(*) AS n FROM queue\"\n"
            + "metricsdesc = { n = \"Rows.\" }\n");
    Path cfg =
        Files.writeString(
            dir.resolve("dbscope.toml"),
            """
            [[datasource]]
            name = "h2"
            engine = "jdbc"
            url = "jdbc:h2:file:%1$s/h2db"
            dbUser = "sa"
            driverPath = "%2$s/h2"
            readOnlyStatement = ""
            customMetricsFile = "custom.toml"

            [[datasource]]
            name = "lite"
            engine = "jdbc"
            url = "jdbc:sqlite:%1$s/lite.db"
            driverPath = "%2$s/sqlite"
            readOnlyStatement = ""
            customMetricsFile = "custom.toml"

            [[datasource]]
            name = "pg"
            engine = "postgres"
            dbHost = "127.0.0.1:1"

            [[datasource]]
            name = "dm"
            engine = "dameng"
            dbHost = "127.0.0.1:1"
            registerDmhsMetrics = true
            """
                .formatted(dir, DRIVERS));

    CommandLineTest.Result r = CommandLineTest.run("check", "--config", cfg.toString());

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("h2").contains("lite").contains("pg").contains("dm");
    assertThat(r.out().lines().filter(l -> l.startsWith("warning: "))).isEmpty();
  }
}
