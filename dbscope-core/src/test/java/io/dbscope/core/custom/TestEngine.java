package io.dbscope.core.custom;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.config.EngineOptions;
import io.dbscope.core.definition.CacheClass;
import io.dbscope.core.definition.Column;
import io.dbscope.core.definition.Definition;
import io.dbscope.core.definition.Mapping;
import io.dbscope.core.definition.VersionRange;
import io.dbscope.core.engine.Engine;
import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.engine.Session;
import io.dbscope.core.engine.Target;
import io.dbscope.core.metrics.MetricType;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * An engine with two built-in collectors shaped like PostgreSQL's ({@code pg_stat_database} with
 * metric {@code pg_stat_database_xact_commit}, {@code pg_settings} as key/value), whose server is
 * never reachable: for tests of loading and resolving, which connect to nothing. Its guard is given
 * (the SQL engines' tests pass theirs) or accepts everything.
 */
public record TestEngine(String id, Function<EngineOptions, QueryGuard> guards) implements Engine {

  /** An engine whose guard accepts every query: core reads files but checks no query language. */
  public TestEngine(String id) {
    this(id, allowed -> (query, unchecked) -> QueryGuard.Verdict.accept(true));
  }

  public static TestEngine postgres() {
    return new TestEngine("postgres");
  }

  @Override
  public QueryGuard queryGuard(EngineOptions global) {
    return guards.apply(global);
  }

  @Override
  public int defaultPort() {
    return 5432;
  }

  @Override
  public String upMetric() {
    return "pg_up";
  }

  @Override
  public List<Definition> definitions() {
    Definition db =
        new Definition(
            "pg_stat_database",
            "Databases.",
            "SELECT datname, xact_commit FROM pg_stat_database",
            Duration.ZERO,
            Duration.ofSeconds(10),
            CacheClass.DEFAULT,
            VersionRange.ALL,
            Set.of(),
            "database",
            true,
            new Mapping.Columns(
                "pg_stat_database",
                List.of(
                    new Column(
                        "datname",
                        Column.Usage.LABEL,
                        Optional.empty(),
                        Optional.of("datname"),
                        "",
                        1,
                        Map.of()),
                    new Column(
                        "xact_commit",
                        Column.Usage.COUNTER,
                        Optional.of("pg_stat_database_xact_commit"),
                        Optional.empty(),
                        "Commits.",
                        1,
                        Map.of()))),
            "builtin.yaml:1");
    Definition settings =
        new Definition(
            "pg_settings",
            "Settings.",
            "SELECT name, setting FROM pg_settings",
            Duration.ZERO,
            Duration.ofSeconds(10),
            CacheClass.DEFAULT,
            VersionRange.ALL,
            Set.of(),
            "database",
            true,
            new Mapping.KeyValue(
                "pg_settings",
                "name",
                "setting",
                Optional.empty(),
                Optional.empty(),
                List.of(),
                true,
                MetricType.GAUGE,
                "Setting {key}.",
                Map.of(),
                List.of()),
            "builtin.yaml:20");
    return List.of(db, settings);
  }

  @Override
  public Target open(DatasourceConfig config, EngineResources resources) {
    return new Target() {
      @Override
      public Session open(Duration timeout) throws ConnectException {
        throw new ConnectException("Connection refused");
      }

      @Override
      public void close() {}
    };
  }
}
