package io.dbscope.core.custom;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.definition.Definition;
import io.dbscope.core.engine.Engine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The custom metrics files of one configuration: each file is read and checked once per engine
 * (what its queries may do depends on the server that runs them), however many datasources list it,
 * then resolved per datasource against that datasource's engine and labels. One instance per fleet
 * (or per {@code check}); nothing is shared between instances.
 *
 * <p>Resolving adds the checks that depend on the datasource, each failing the file it is found in:
 * an {@code override} must name a built-in of the engine and a new id must not; {@code disable}
 * must name built-ins; collector ids and metric names must be unique across the datasource's files
 * and must not collide with built-in metric names (of built-ins still running) or the engine's
 * {@code *_up}; label columns must not shadow the datasource's own labels.
 *
 * <pre>{@code
 * CustomFiles files = new CustomFiles(CustomMetricsLoader.of(config.global()));
 * CustomSet custom = files.resolve(datasourceConfig, engine);
 * }</pre>
 */
public final class CustomFiles {
  private final CustomMetricsLoader loader;
  private final Map<FileKey, ParsedFile> parsed = new ConcurrentHashMap<>();

  private record FileKey(Path file, String engine, String variant) {}

  public CustomFiles(CustomMetricsLoader loader) {
    this.loader = loader;
  }

  /**
   * The file read and checked for {@code engine}, from this instance's cache after the first time.
   */
  public ParsedFile parse(Path file, Engine engine) {
    return parse(file, engine, "");
  }

  /** As {@link #parse(Path, Engine)}, read by the guard of one {@link Engine#guardVariant}. */
  public ParsedFile parse(Path file, Engine engine, String variant) {
    return parsed.computeIfAbsent(
        new FileKey(file.toAbsolutePath().normalize(), engine.id(), variant),
        k -> loader.load(file, loader.guard(engine, variant)));
  }

  /** How many times a file was read so far (once per file and engine). */
  public int filesRead() {
    return parsed.size();
  }

  /**
   * The custom collectors of one datasource; {@link CustomSet#EMPTY} when {@code
   * registerCustomMetrics} is off or no file is configured.
   */
  public CustomSet resolve(DatasourceConfig ds, Engine engine) {
    if (!ds.registerCustomMetrics() || ds.customMetricsFiles().isEmpty()) {
      return CustomSet.EMPTY;
    }
    Map<String, Definition> builtins = new LinkedHashMap<>();
    engine.definitions().forEach(d -> builtins.put(d.id(), d));
    Map<Path, List<Problem>> problems = new LinkedHashMap<>();
    Map<Path, ParsedFile> files = new LinkedHashMap<>();
    Map<String, String> ids = new HashMap<>();
    for (Path file : ds.customMetricsFiles()) {
      ParsedFile pf = parse(file, engine, engine.guardVariant(ds));
      files.put(file, pf);
      List<Problem> own = new ArrayList<>(pf.problems());
      problems.put(file, own);
      if (!pf.ok()) {
        continue;
      }
      for (CustomMetric m : pf.metrics()) {
        String before = ids.putIfAbsent(m.id(), m.origin());
        if (before != null) {
          own.add(problem(m, "collector id " + m.id() + " is also defined at " + before));
        }
        if (m.override() && !builtins.containsKey(m.id())) {
          own.add(
              problem(
                  m, "override: engine " + engine.id() + " has no built-in collector " + m.id()));
        } else if (!m.override() && builtins.containsKey(m.id())) {
          own.add(
              problem(
                  m,
                  "id: "
                      + m.id()
                      + " is a built-in collector of engine "
                      + engine.id()
                      + "; add override: true to replace it"));
        }
        for (String label : m.labelNames()) {
          if (ds.labels().containsKey(label)) {
            own.add(
                problem(
                    m,
                    "label "
                        + label
                        + " is also a label of datasource "
                        + ds.name()
                        + "; rename the column"));
          }
        }
      }
      for (String id : pf.disable()) {
        if (!builtins.containsKey(id)) {
          own.add(
              new Problem(
                  file,
                  0,
                  "",
                  "disable: engine " + engine.id() + " has no built-in collector " + id));
        }
      }
    }
    checkNames(engine, builtins, files, problems);
    List<FileStatus> statuses = new ArrayList<>();
    List<CustomMetric> metrics = new ArrayList<>();
    Set<String> disabled = new HashSet<>();
    for (var e : files.entrySet()) {
      List<Problem> own = problems.get(e.getKey());
      boolean loaded = own.isEmpty();
      statuses.add(new FileStatus(e.getKey(), loaded, own, e.getValue().metrics()));
      if (loaded) {
        metrics.addAll(e.getValue().metrics());
        disabled.addAll(e.getValue().disable());
      }
    }
    return new CustomSet(metrics, disabled, statuses);
  }

  /** Metric names against running built-ins, the engine's up metric and each other. */
  private static void checkNames(
      Engine engine,
      Map<String, Definition> builtins,
      Map<Path, ParsedFile> files,
      Map<Path, List<Problem>> problems) {
    Set<String> replaced = new HashSet<>();
    for (var e : files.entrySet()) {
      if (problems.get(e.getKey()).isEmpty()) {
        replaced.addAll(e.getValue().disable());
        e.getValue().metrics().stream()
            .filter(CustomMetric::override)
            .forEach(m -> replaced.add(m.id()));
      }
    }
    Map<String, String> taken = new HashMap<>();
    taken.put(engine.upMetric(), "the engine's up metric");
    for (Definition d : builtins.values()) {
      if (!replaced.contains(d.id())) {
        CustomMetric.of(d)
            .metricNames()
            .forEach(n -> taken.putIfAbsent(n, "built-in collector " + d.id()));
      }
    }
    for (var e : files.entrySet()) {
      List<Problem> own = problems.get(e.getKey());
      if (!own.isEmpty()) {
        continue;
      }
      for (CustomMetric m : e.getValue().metrics()) {
        for (String name : m.metricNames()) {
          if (name.endsWith("_*")) {
            continue;
          }
          String before = taken.putIfAbsent(name, m.id() + " at " + m.origin());
          if (before != null) {
            own.add(problem(m, "metric name " + name + " is already exported by " + before));
          }
        }
      }
    }
  }

  private static Problem problem(CustomMetric m, String reason) {
    return new Problem(m.file(), m.line(), m.name(), reason);
  }
}
