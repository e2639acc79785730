package io.dbscope.core.custom;

import io.dbscope.core.definition.Column;
import io.dbscope.core.definition.Definition;
import io.dbscope.core.definition.Mapping;
import java.nio.file.Path;
import java.util.List;

/**
 * One user-written collector from a custom metrics file: the definition the engine runs (always
 * {@link Definition.Limits#guarded() guarded}) plus what the scrape needs to judge and report its
 * rows.
 *
 * @param definition what runs; its id is the collector id ({@code custom:<context>} for TOML)
 * @param file the file it came from
 * @param line the line of its {@code [[metric]]} table or YAML list item
 * @param name the name a user knows it by in the file: the TOML {@code context} or the YAML {@code
 *     id}
 * @param override whether it replaces the built-in collector of the same id (YAML {@code override:
 *     true})
 * @param inheritGroup whether an override takes the replaced built-in's group (no {@code group}
 *     written)
 * @param ignoreZeroResult whether a result without rows is fine; when false, no rows fails the
 *     collector (the TOML format's {@code ignorezeroresult}, false by default as in
 *     oracledb_exporter)
 * @param strictValues whether a NULL or non-numeric value fails the collector (TOML) instead of
 *     being skipped (YAML, as for built-ins)
 * @param unchecked whether the parser could not read the query and it runs because the file marked
 *     it unchecked and the config allows that
 */
public record CustomMetric(
    Definition definition,
    Path file,
    int line,
    String name,
    boolean override,
    boolean inheritGroup,
    boolean ignoreZeroResult,
    boolean strictValues,
    boolean unchecked) {

  /** Collector id. */
  public String id() {
    return definition.id();
  }

  /** {@code file:line}, for messages. */
  public String origin() {
    return file + (line > 0 ? ":" + line : "");
  }

  /**
   * The metric names it exports: every value column's name, or {@code prefix_*} for a key/value
   * definition whose names depend on the rows.
   */
  public List<String> metricNames() {
    return switch (definition.mapping()) {
      case Mapping.Columns c ->
          c.columns().stream()
              .filter(col -> col.usage().metricType().isPresent())
              .map(col -> col.metricName().orElseThrow())
              .toList();
      case Mapping.KeyValue kv -> {
        List<String> names =
            new java.util.ArrayList<>(
                kv.rules().stream().filter(r -> !r.drop()).map(Mapping.KeyRule::name).toList());
        if (kv.exportUnmatched()) {
          names.add(kv.prefix() + "_*");
        }
        yield List.copyOf(names);
      }
    };
  }

  /** Label columns of a column-mapped definition, as label names. */
  public List<String> labelNames() {
    if (definition.mapping() instanceof Mapping.Columns c) {
      return c.columns().stream()
          .filter(col -> col.usage() == Column.Usage.LABEL)
          .map(col -> col.labelName().orElseThrow())
          .toList();
    }
    if (definition.mapping() instanceof Mapping.KeyValue kv) {
      return kv.labelColumns();
    }
    return List.of();
  }

  /** A definition handed over in code, without a file: default behaviour of the YAML format. */
  static CustomMetric of(Definition d) {
    return new CustomMetric(
        d,
        Path.of(d.origin().isEmpty() ? "(code)" : d.origin()),
        0,
        d.id(),
        false,
        false,
        true,
        false,
        false);
  }
}
