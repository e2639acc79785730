package io.dbscope.engine.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbscope.core.config.ConfigLoader;
import io.dbscope.core.config.DbscopeConfig;
import io.dbscope.core.engine.EngineCatalog;
import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.metrics.SampleBatch;
import io.dbscope.core.scrape.Deadline;
import io.dbscope.core.scrape.Fleet;
import io.dbscope.testkit.ExpositionText;
import io.dbscope.testkit.Scraped;
import io.dbscope.testkit.contract.SqlContract;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two versions of one driver in one process: H2 2.3.232 beside 2.2.224 and sqlite-jdbc 3.53.4.0
 * beside 3.51.3.0, each datasource with the directory of its own version in {@code driverPath}, all
 * four in one config and one fleet, as {@code dbscope run} builds them. Each answers with the
 * version of its own jar, and none of the drivers is visible on dbscope's class path.
 */
class JdbcDriverVersionsTest {
  @TempDir Path dir;

  @Test
  void twoVersionsOfOneDriverServeTheirOwnDatasourcesInOneProcess() throws Exception {
    String h2 = "jdbc:h2:file:" + dir.resolve("h2new") + "";
    String h2old = "jdbc:h2:file:" + dir.resolve("h2old") + "";
    String lite = "jdbc:sqlite:" + dir.resolve("new.db");
    String liteOld = "jdbc:sqlite:" + dir.resolve("old.db");
    prepare("h2", "org.h2.Driver", h2, 16);
    prepare("h2-old", "org.h2.Driver", h2old, 7);
    prepare("sqlite", "org.sqlite.JDBC", lite, 5);
    prepare("sqlite-old", "org.sqlite.JDBC", liteOld, 3);
    ClassLoader own = getClass().getClassLoader();
    for (String cls : List.of("org.h2.Driver", "org.sqlite.JDBC")) {
      assertThatThrownBy(() -> Class.forName(cls, false, own))
          .as(cls + " is not on the class path")
          .isInstanceOf(ClassNotFoundException.class);
    }
    Files.writeString(
        dir.resolve("custom.toml"),
        SqlContract.metric("depth", "SELECT sum(depth) AS n FROM queue"));
    Path cfg =
        Files.writeString(
            dir.resolve("dbscope.toml"),
            datasource("h2", h2, "h2", "sa")
                + datasource("h2old", h2old, "h2-old", "sa")
                + datasource("lite", lite, "sqlite", "")
                + datasource("liteold", liteOld, "sqlite-old", ""));
    EngineCatalog engines = new EngineCatalog(List.of(new JdbcEngine()));
    DbscopeConfig config = new ConfigLoader(engines, Map.of()).load(cfg).config();

    try (EngineResources resources = EngineResources.create();
        Fleet fleet = Fleet.of(config, engines, resources, true)) {
      ExpositionText s =
          Scraped.of(
              List.of("h2", "h2old", "lite", "liteold").stream()
                  .map(n -> fleet.get(n).orElseThrow().collect(Deadline.in(Duration.ofSeconds(20))))
                  .toArray(SampleBatch[]::new));

      Map<String, String> versions =
          Map.of("h2", "2.3", "h2old", "2.2", "lite", "3.53", "liteold", "3.51");
      Map<String, Double> depths = Map.of("h2", 16.0, "h2old", 7.0, "lite", 5.0, "liteold", 3.0);
      for (String ds : versions.keySet()) {
        assertThat(s.value("jdbc_up", "datasource", ds)).as(ds).isEqualTo(1);
        assertThat(s.value("depth_n", "datasource", ds)).as(ds).isEqualTo(depths.get(ds));
        assertThat(s.find("dbscope_datasource_info", "datasource", ds))
            .as(ds)
            .get()
            .extracting(x -> x.labels().get("server_version"))
            .isEqualTo(versions.get(ds));
      }
    }
  }

  private static String datasource(String name, String url, String driverDir, String user) {
    return """
        [[datasource]]
        name = "%s"
        engine = "jdbc"
        url = "%s"
        dbUser = "%s"
        driverPath = "%s"
        readOnlyStatement = ""
        customMetricsFile = "custom.toml"

        """
        .formatted(name, url, user, TestDrivers.dir(driverDir));
  }

  private static void prepare(String driverDir, String cls, String url, int depth)
      throws Exception {
    try (URLClassLoader l = TestDrivers.loader(driverDir)) {
      TestDrivers.sql(
          l,
          cls,
          url,
          "sa",
          "CREATE TABLE queue (name VARCHAR(20), depth INT)",
          "INSERT INTO queue VALUES ('mail', " + depth + ")");
    }
  }
}
