package io.dbscope.core.custom;

import io.dbscope.core.config.DbscopeConfig.GlobalConfig;
import io.dbscope.core.config.EngineOptions;
import io.dbscope.core.config.RegularFiles;
import io.dbscope.core.engine.Engine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads one custom metrics file and checks everything that does not depend on a datasource: the
 * format ({@code *.toml}: the seed's {@code [[metric]]} tables, see {@link TomlMetrics}; {@code
 * *.yaml}/{@code *.yml}: the built-in definition schema, see {@link YamlDefinitions}), every key,
 * every name, and every query through the {@link QueryGuard} of the datasource's engine (what a
 * query may do depends on the server that runs it). Every problem of the file is reported, each
 * with line, metric and reason.
 *
 * <pre>{@code
 * CustomMetricsLoader loader = new CustomMetricsLoader(false, List.of());
 * ParsedFile f = loader.load(Path.of("custom-metrics-postgres.toml"), postgresEngine);
 * f.problems().forEach(System.out::println); // file:line: metric ctx: reason
 * }</pre>
 */
public final class CustomMetricsLoader {
  /** Rows a custom query may return before the rest is cut ({@code maxRows}). */
  public static final int DEFAULT_MAX_ROWS = 100;

  /** Label sets per metric before the rest is dropped ({@code maxSeries}). */
  public static final int DEFAULT_MAX_SERIES = 1000;

  /** Upper bound of {@code maxRows}: the cut that built-in definitions have too. */
  public static final int MAX_ROWS_LIMIT = 10_000;

  /** Upper bound of {@code maxSeries}. */
  public static final int MAX_SERIES_LIMIT = 100_000;

  /**
   * Timeout of a TOML metric without {@code timeout}: longer than any sane {@code queryTimeout}, so
   * that the datasource's {@code queryTimeout} (and the scrape deadline) decide.
   */
  public static final Duration NO_TIMEOUT = Duration.ofHours(1);

  private final boolean allowUnchecked;
  private final EngineOptions globalOptions;
  private final Map<String, QueryGuard> guards = new ConcurrentHashMap<>();
  private final TomlMetrics toml = new TomlMetrics();
  private final YamlDefinitions yaml = new YamlDefinitions();

  /**
   * @param allowUnchecked the global {@code allowUncheckedQueries}: whether a metric marked {@code
   *     unchecked} may run a query the parser cannot read
   */
  public CustomMetricsLoader(boolean allowUnchecked) {
    this(allowUnchecked, EngineOptions.none());
  }

  /**
   * @param allowUnchecked the global {@code allowUncheckedQueries}
   * @param globalOptions the top-level keys the engines bring, for their guards (such as the
   *     functions the operator allows beyond the built-in lists)
   */
  public CustomMetricsLoader(boolean allowUnchecked, EngineOptions globalOptions) {
    this.allowUnchecked = allowUnchecked;
    this.globalOptions = globalOptions;
  }

  /** The loader a configuration asks for: its {@code allowUncheckedQueries} and engine keys. */
  public static CustomMetricsLoader of(GlobalConfig global) {
    return new CustomMetricsLoader(global.allowUncheckedQueries(), global.options());
  }

  /** The guard of {@code engine}'s queries, made once per engine. */
  public QueryGuard guard(Engine engine) {
    return guard(engine, "");
  }

  /** The guard of {@code engine}'s queries of one {@link Engine#guardVariant}, made once. */
  public QueryGuard guard(Engine engine, String variant) {
    return guards.computeIfAbsent(
        variant.isEmpty() ? engine.id() : engine.id() + "/" + variant,
        id ->
            variant.isEmpty()
                ? engine.queryGuard(globalOptions)
                : engine.queryGuard(globalOptions, variant));
  }

  /**
   * Reads and checks one file for datasources of {@code engine}; never throws for a bad or missing
   * file (see the problems).
   */
  public ParsedFile load(Path file, Engine engine) {
    return load(file, guard(engine));
  }

  /**
   * Reads and checks one file, each query through {@code guard}; see {@link #load(Path, Engine)}.
   */
  public ParsedFile load(Path file, QueryGuard guard) {
    LoadContext cx = new LoadContext(file, guard, allowUnchecked);
    String name =
        file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
    boolean isToml = name.endsWith(".toml");
    if (!isToml && !name.endsWith(".yaml") && !name.endsWith(".yml")) {
      cx.problem(0, "", "unknown format: name a custom metrics file *.toml, *.yaml or *.yml");
      return new ParsedFile(file, List.of(), List.of(), cx.problems(), cx.refused());
    }
    String text;
    try {
      text = RegularFiles.read(file);
    } catch (RegularFiles.Unreadable e) {
      cx.problem(0, "", e.problem());
      return new ParsedFile(file, List.of(), List.of(), cx.problems(), cx.refused());
    }
    if (isToml) {
      List<CustomMetric> metrics = toml.read(text, cx);
      return new ParsedFile(file, metrics, List.of(), cx.problems(), cx.refused());
    }
    YamlDefinitions.Result r = yaml.read(text, cx);
    return new ParsedFile(file, r.metrics(), r.disable(), cx.problems(), cx.refused());
  }
}
