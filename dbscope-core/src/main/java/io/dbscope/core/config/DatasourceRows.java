package io.dbscope.core.config;

import io.dbscope.core.config.ConfigKey.Scope;
import io.dbscope.core.engine.Engine;
import io.dbscope.core.engine.EngineCatalog;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The rows of the keys a {@code [[datasource]]} entry may hold: the shared ones of {@link
 * ConfigKeys}, then those of its engine's {@link OptionTable}s; and of the top-level keys, with
 * those the engines bring.
 */
final class DatasourceRows {
  private final EngineCatalog engines;

  DatasourceRows(EngineCatalog engines) {
    this.engines = engines;
  }

  /**
   * The row of a key for a datasource of this engine; for an entry whose engine is unknown, any
   * engine's row (its other problems are reported first).
   */
  Optional<ConfigKey> find(Optional<Engine> engine, String name) {
    Optional<ConfigKey> shared = ConfigKeys.find(Scope.DATASOURCE, name);
    if (shared.isPresent()) {
      return shared;
    }
    List<Engine> where = engine.map(List::of).orElse(engines.engines());
    for (Engine e : where) {
      for (OptionTable t : e.optionTables()) {
        Optional<Option<?>> o = t.find(name);
        if (o.isPresent()) {
          return Optional.of(o.get().key());
        }
      }
    }
    return Optional.empty();
  }

  /** The row of a top-level key: a shared one, or one an engine of this build brings. */
  Optional<ConfigKey> findGlobal(String name) {
    Optional<ConfigKey> shared = ConfigKeys.find(Scope.GLOBAL, name);
    if (shared.isPresent()) {
      return shared;
    }
    for (OptionTable t : globalTables()) {
      Optional<Option<?>> o = t.find(name);
      if (o.isPresent()) {
        return Optional.of(o.get().key());
      }
    }
    return Optional.empty();
  }

  /** The engines' top-level tables, each once (engines may share one). */
  List<OptionTable> globalTables() {
    Set<OptionTable> tables = new LinkedHashSet<>();
    engines.engines().forEach(e -> tables.addAll(e.globalOptionTables()));
    return List.copyOf(tables);
  }

  /** Whether some engine of this build, or every engine, takes the key in a datasource. */
  boolean known(String name) {
    return find(Optional.empty(), name).isPresent();
  }

  /** Every datasource key name of every engine, for "did you mean". */
  Set<String> names() {
    Set<String> names = new LinkedHashSet<>();
    ConfigKeys.of(Scope.DATASOURCE).forEach(k -> names.add(k.name()));
    for (Engine e : engines.engines()) {
      e.optionTables().forEach(t -> t.options().forEach(o -> names.add(o.name())));
    }
    return names;
  }

  /** The ids of the engines whose own tables hold the key. */
  List<String> enginesWith(String name) {
    List<String> ids = new ArrayList<>();
    for (Engine e : engines.engines()) {
      if (e.optionTables().stream().anyMatch(t -> t.find(name).isPresent())) {
        ids.add(e.id());
      }
    }
    return ids;
  }
}
