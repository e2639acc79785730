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
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Engines for config tests: ids, aliases, default ports and a few collector ids like the real ones
 * (which live in other modules), and one engine-specific check so that the loader's use of {@link
 * Engine#validate} is tested. They never connect.
 */
final class TestEngines {
  static final Option<Boolean> CHECK_SLOW_SQL =
      Option.bool("checkSlowSQL", false, "a boolean key of the SQL test engines");
  static final Option<Duration> SLOW_SQL_TIME =
      Option.duration(
          "slowSqlTime",
          Duration.ofSeconds(10),
          ChronoUnit.MILLIS,
          1,
          Duration.ofDays(7),
          "a duration key in milliseconds");
  static final Option<Integer> STATEMENT_TOP_N =
      Option.integer("statementTopN", 20, 1, 1000, "an integer key");
  static final Option<String> STATEMENT_SCOPE =
      Option.choice(
          "statementScope",
          "auto",
          List.of("auto", "cluster", "database"),
          "a choice key the engine settles among all datasources");
  static final OptionTable SQL_KEYS =
      new OptionTable(
          "Test SQL keys",
          "Keys the postgres and mysql test engines bring.",
          List.of(CHECK_SLOW_SQL, SLOW_SQL_TIME, STATEMENT_TOP_N, STATEMENT_SCOPE));
  static final Option<List<String>> ALLOWED_FUNCTIONS =
      Option.globalStrings(
          "allowedFunctions",
          "a top-level list key with a check of each item",
          name ->
              name.matches("[A-Za-z_\"][\\w.\"]*")
                  ? Optional.empty()
                  : Optional.of(
                      "is not a function name; write it as in a query: name, schema.name or"
                          + " \"QuotedName\", without parentheses"));
  static final OptionTable GUARD_KEYS =
      new OptionTable("Test guard keys", "A top-level key.", List.of(ALLOWED_FUNCTIONS));

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

    private boolean sql() {
      return !id.equals("redis");
    }

    @Override
    public List<OptionTable> optionTables() {
      return sql() ? List.of(SQL_KEYS) : List.of();
    }

    @Override
    public List<OptionTable> globalOptionTables() {
      return sql() ? List.of(GUARD_KEYS) : List.of();
    }

    /** {@code auto} becomes {@code database} where another datasource names the same host. */
    @Override
    public DatasourceConfig resolveOptions(DatasourceConfig config, List<DatasourceConfig> all) {
      if (!config.option(STATEMENT_SCOPE).equals("auto")) {
        return config;
      }
      long same =
          all.stream()
              .filter(d -> d.enabled() && d.engine().equals(id))
              .filter(d -> d.host().equalsIgnoreCase(config.host()) && d.port() == config.port())
              .count();
      return config.withOptions(
          config.options().with(STATEMENT_SCOPE, same > 1 ? "database" : "cluster"));
    }

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
