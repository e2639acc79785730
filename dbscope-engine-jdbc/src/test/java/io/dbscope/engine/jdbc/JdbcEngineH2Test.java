package io.dbscope.engine.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.ConfigLoader;
import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.config.DbscopeConfig;
import io.dbscope.core.custom.CustomFiles;
import io.dbscope.core.custom.CustomMetricsLoader;
import io.dbscope.core.engine.EngineCatalog;
import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.scrape.Deadline;
import io.dbscope.core.scrape.MonitoredDatasource;
import io.dbscope.testkit.ExpositionText;
import io.dbscope.testkit.Scraped;
import io.dbscope.testkit.contract.CustomMetricsContract;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database whose driver dbscope does not ship: H2 (a server in the test's process, reached over
 * its own file), its jar from Maven Central in a directory the build fills, loaded only through
 * {@code driverPath} from a config file, as {@code dbscope run} does.
 */
class JdbcEngineH2Test {
  private static final Path DRIVERS = TestDrivers.dir("h2");

  @TempDir Path dir;

  @Test
  void theDriverComesFromDriverPathAndServesCustomMetrics() throws Exception {
    Path db = dir.resolve("shop");
    String url = "jdbc:h2:file:" + db + "";
    try (URLClassLoader own =
            new URLClassLoader(
                new java.net.URL[] {DriverJars.jars(DRIVERS).getFirst().toUri().toURL()},
                ClassLoader.getPlatformClassLoader());
        Connection c = driver(own).connect(url, credentials());
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE queue (name VARCHAR(20), depth INT)");
      st.execute("INSERT INTO queue VALUES ('mail', 4), ('sms', 0), ('push', 12)");
    }
    assertThat(getClass().getClassLoader().getResource("org/h2/Driver.class"))
        .as("H2 is not on the test's class path")
        .isNull();
    Files.writeString(
        dir.resolve("custom.toml"),
        CustomMetricsContract.metric("depth", "SELECT sum(depth) AS n FROM queue")
            + CustomMetricsContract.metric("grow", "SELECT count(*) AS n FROM nothing_here"));
    Files.createDirectories(dir.resolve("drivers"));
    Files.copy(DriverJars.jars(DRIVERS).getFirst(), dir.resolve("drivers/h2.jar"));
    Path cfg =
        Files.writeString(
            dir.resolve("dbscope.toml"),
            """
            [[datasource]]
            name = "h2"
            engine = "jdbc"
            url = "%s"
            dbUser = "sa"
            driverPath = "drivers"
            readOnlyStatement = ""
            customMetricsFile = "custom.toml"
            """
                .formatted(url));

    DbscopeConfig config =
        new ConfigLoader(new EngineCatalog(List.of(new JdbcEngine())), Map.of()).load(cfg).config();
    DatasourceConfig ds = config.datasource("h2").orElseThrow();
    assertThat(ds.option(JdbcOptions.DRIVER_PATH)).contains(dir.resolve("drivers"));

    JdbcEngine engine = new JdbcEngine();
    CustomFiles files = new CustomFiles(new CustomMetricsLoader(false));
    try (EngineResources resources = EngineResources.create();
        MonitoredDatasource m =
            new MonitoredDatasource(
                ds, engine, engine.open(ds, resources), files.resolve(ds, engine))) {
      ExpositionText s = Scraped.of(m.collect(Deadline.in(Duration.ofSeconds(20))));

      assertThat(s.value("jdbc_up")).isEqualTo(1);
      assertThat(s.value("depth_n", "datasource", "h2")).isEqualTo(16);
      assertThat(Scraped.success(s, "h2", "custom:depth")).isEqualTo(1);
      assertThat(Scraped.success(s, "h2", "custom:grow")).isZero();
      assertThat(s.find("dbscope_datasource_info", "server_version", "2.3")).isPresent();
    }
  }

  private static Driver driver(ClassLoader loader) throws ReflectiveOperationException {
    return (Driver)
        Class.forName("org.h2.Driver", true, loader).getDeclaredConstructor().newInstance();
  }

  private static Properties credentials() {
    Properties p = new Properties();
    p.setProperty("user", "sa");
    p.setProperty("password", "");
    return p;
  }
}
