package io.dbscope.core.custom;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.definition.Definition;
import io.dbscope.core.engine.Engine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
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
 * <p>Resolving adds the checks that depend on the datasource, each refusing the metric it is found
 * in (the rest of its file runs): an {@code override} must name a built-in of the engine and a new
 * id must not; {@code disable} must name built-ins (else the file is left out whole: it concerns no
 * single metric); collector ids and metric names must be unique across the datasource's files (the
 * later metric is refused) and must not collide with built-in metric names (of built-ins still
 * running) or the engine's {@code *_up}; label columns must not shadow the datasource's own labels.
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
   * registerCustomMetrics} is off or no file is configured. A metric with a problem is refused
   * alone; a problem that concerns no single metric leaves its file out whole.
   */
  public CustomSet resolve(DatasourceConfig ds, Engine engine) {
    if (!ds.registerCustomMetrics() || ds.customMetricsFiles().isEmpty()) {
      return CustomSet.EMPTY;
    }
    Map<String, Definition> builtins = new LinkedHashMap<>();
    engine.definitions().forEach(d -> builtins.put(d.id(), d));
    Map<Path, Resolving> files = new LinkedHashMap<>();
    Map<String, String> ids = new HashMap<>();
    for (Path file : ds.customMetricsFiles()) {
      Resolving r = new Resolving(parse(file, engine, engine.guardVariant(ds)));
      files.put(file, r);
      for (String id : r.parsed.disable()) {
        if (!builtins.containsKey(id)) {
          r.problems.add(
              new Problem(
                  file,
                  0,
                  "",
                  "disable: engine " + engine.id() + " has no built-in collector " + id));
        }
      }
      if (!r.loaded()) {
        continue;
      }
      for (CustomMetric m : r.parsed.metrics()) {
        List<Problem> own = new ArrayList<>();
        String before = ids.get(m.id());
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
        if (own.isEmpty()) {
          ids.put(m.id(), m.origin());
          r.running.add(m);
        } else {
          r.refuse(m, own);
        }
      }
    }
    checkNames(engine, builtins, files.values());
    List<FileStatus> statuses = new ArrayList<>();
    List<CustomMetric> metrics = new ArrayList<>();
    Set<String> disabled = new HashSet<>();
    for (var e : files.entrySet()) {
      Resolving r = e.getValue();
      List<CustomMetric> fine = r.loaded() ? r.running : r.parsed.metrics();
      statuses.add(new FileStatus(e.getKey(), r.loaded(), r.problems, fine, r.refused));
      if (r.loaded()) {
        metrics.addAll(r.running);
        disabled.addAll(r.parsed.disable());
      }
    }
    return new CustomSet(metrics, disabled, statuses);
  }

  /** One file while it is resolved for a datasource. */
  private static final class Resolving {
    final ParsedFile parsed;
    final List<Problem> problems;
    final List<RefusedMetric> refused;
    final List<CustomMetric> running = new ArrayList<>();

    Resolving(ParsedFile parsed) {
      this.parsed = parsed;
      this.problems = new ArrayList<>(parsed.problems());
      this.refused = new ArrayList<>(parsed.refused());
    }

    /** Whether the file is in use: no problem of the whole file (its refused metrics aside). */
    boolean loaded() {
      return problems.stream().allMatch(p -> !p.metric().isEmpty());
    }

    void refuse(CustomMetric m, List<Problem> own) {
      problems.addAll(own);
      refused.add(RefusedMetric.of(m, own));
    }
  }

  /**
   * Metric names against running built-ins, the engine's up metric and each other; a metric whose
   * name is taken is refused, and takes no name from the metrics after it.
   */
  private static void checkNames(
      Engine engine, Map<String, Definition> builtins, Collection<Resolving> files) {
    Set<String> replaced = new HashSet<>();
    for (Resolving r : files) {
      if (r.loaded()) {
        replaced.addAll(r.parsed.disable());
        r.running.stream().filter(CustomMetric::override).forEach(m -> replaced.add(m.id()));
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
    for (Resolving r : files) {
      if (!r.loaded()) {
        continue;
      }
      for (CustomMetric m : List.copyOf(r.running)) {
        List<Problem> own = new ArrayList<>();
        List<String> names = m.metricNames().stream().filter(n -> !n.endsWith("_*")).toList();
        for (String name : names) {
          String before = taken.get(name);
          if (before != null) {
            own.add(problem(m, "metric name " + name + " is already exported by " + before));
          }
        }
        if (own.isEmpty()) {
          names.forEach(n -> taken.put(n, m.id() + " at " + m.origin()));
        } else {
          r.running.remove(m);
          r.refuse(m, own);
        }
      }
    }
  }

  private static Problem problem(CustomMetric m, String reason) {
    return new Problem(m.file(), m.line(), m.name(), reason);
  }
}
