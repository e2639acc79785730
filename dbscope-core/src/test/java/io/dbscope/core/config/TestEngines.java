package io.dbscope.core.config;

import io.dbscope.core.definition.CacheClass;
import io.dbscope.core.definition.Definition;
import io.dbscope.core.definition.Mapping;
import io.dbscope.core.definition.VersionRange;
import io.dbscope.core.engine.Engine;
import io.dbscope.core.engine.EngineCatalog;
import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.engine.Target;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Engines for config tests: ids, aliases, default ports and a few collector ids like the real ones
 * (which live in other modules), and one engine-specific check so that the loader's use of {@link
 * Engine#validate} is tested. They never connect.
 */
final class TestEngines {
  private TestEngines() {}

  static EngineCatalog catalog() {
    return new EngineCatalog(
        List.of(
            new TestEngine(
                "postgres",
                List.of("postgresql", "pg"),
                5432,
                "jdbc:postgresql:",
                List.of("pg_stat_database", "pg_settings", "pg_locks")),
            new TestEngine(
                "mysql",
                List.of("mariadb"),
                3306,
                "jdbc:mariadb:",
                List.of("mysql_global_status", "mysql_global_variables")),
            new TestEngine("redis", List.of(), 6379, "redis:", List.of("redis_info"))));
  }

  private record TestEngine(
      String id, List<String> aliases, int defaultPort, String urlPrefix, List<String> collectors)
      implements Engine {

    @Override
    public String upMetric() {
      return id + "_up";
    }

    @Override
    public List<Definition> definitions() {
      return collectors.stream()
          .map(
              c ->
                  new Definition(
                      c,
                      "test collector",
                      "SELECT 1",
                      Duration.ZERO,
                      Duration.ofSeconds(1),
                      CacheClass.DEFAULT,
                      VersionRange.ALL,
                      Set.of(),
                      "database",
                      true,
                      new Mapping.Columns(c, List.of()),
                      "test"))
          .toList();
    }

    @Override
    public Target open(DatasourceConfig config, EngineResources resources) {
      throw new UnsupportedOperationException("config tests never connect");
    }

    @Override
    public List<String> validate(DatasourceConfig config) {
      return config
          .url()
          .filter(u -> !u.toString().startsWith(urlPrefix))
          .map(u -> List.of("url must start with " + urlPrefix + " for engine " + id))
          .orElse(List.of());
    }
  }
}
