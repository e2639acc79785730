package io.dbscope.core.custom;

import io.dbscope.core.definition.Definition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The custom collectors of one datasource, resolved against its engine's built-ins: the collectors
 * to add, the built-ins they replace or disable, and the state of each file.
 *
 * <pre>{@code
 * CustomSet custom = files.resolve(datasourceConfig, engine);
 * List<Definition> all = custom.merge(engine.definitions()); // what the planner chooses from
 * }</pre>
 *
 * @param metrics collectors of the loaded files, in file order
 * @param disabled built-in collector ids the loaded files disable
 * @param files every configured file with whether it is loaded, which metrics were refused and why
 */
public record CustomSet(List<CustomMetric> metrics, Set<String> disabled, List<FileStatus> files) {
  public static final CustomSet EMPTY = new CustomSet(List.of(), Set.of(), List.of());

  public CustomSet {
    metrics = List.copyOf(metrics);
    disabled = Set.copyOf(disabled);
    files = List.copyOf(files);
  }

  /**
   * Definitions handed over in code (tests, embedding): each runs as given; one with the id of a
   * built-in replaces it.
   */
  public static CustomSet of(List<Definition> definitions) {
    return new CustomSet(definitions.stream().map(CustomMetric::of).toList(), Set.of(), List.of());
  }

  /**
   * The definitions a datasource plans from: the built-ins in their order, less the disabled ones,
   * each overridden one replaced in place, then the new custom collectors. Custom collectors run
   * after the built-ins, so that a slow one cannot delay them.
   */
  public List<Definition> merge(List<Definition> builtins) {
    List<Definition> out = new ArrayList<>();
    Set<String> builtinIds = new HashSet<>();
    for (Definition b : builtins) {
      builtinIds.add(b.id());
      if (disabled.contains(b.id())) {
        continue;
      }
      Optional<CustomMetric> replacement = metric(b.id());
      out.add(replacement.map(m -> inGroup(m, b)).orElse(b));
    }
    for (CustomMetric m : metrics) {
      if (!builtinIds.contains(m.id())) {
        out.add(m.definition());
      }
    }
    return List.copyOf(out);
  }

  private static Definition inGroup(CustomMetric m, Definition builtin) {
    Definition d = m.definition();
    if (!m.inheritGroup() || d.group().equals(builtin.group())) {
      return d;
    }
    return new Definition(
        d.id(),
        d.help(),
        d.query(),
        d.ttl(),
        d.timeout(),
        d.cacheClass(),
        d.versions(),
        d.tags(),
        builtin.group(),
        d.defaultEnabled(),
        d.mapping(),
        d.origin(),
        d.limits(),
        d.serverLabel());
  }

  /**
   * The custom collector that a definition of a plan came from; a guarded definition handed over in
   * code gets the YAML format's behaviour.
   */
  public CustomMetric metricOf(Definition d) {
    return metric(d.id()).orElseGet(() -> CustomMetric.of(d));
  }

  /** The custom collector of this id. */
  public Optional<CustomMetric> metric(String id) {
    return metrics.stream().filter(m -> m.id().equals(id)).findFirst();
  }

  /**
   * Every problem of every file: of files left out whole and of metrics refused alone. What {@code
   * run --strict} refuses to start with.
   */
  public List<Problem> problems() {
    return files.stream().flatMap(f -> f.problems().stream()).toList();
  }
}
