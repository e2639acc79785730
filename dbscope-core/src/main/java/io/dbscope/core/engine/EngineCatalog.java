package io.dbscope.core.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The explicit list of engines this build knows, looked up by id or alias. */
public final class EngineCatalog {
  private final Map<String, Engine> byName = new LinkedHashMap<>();
  private final List<Engine> engines;

  public EngineCatalog(List<Engine> engines) {
    this.engines = List.copyOf(engines);
    for (Engine e : engines) {
      register(e.id(), e);
      e.aliases().forEach(a -> register(a, e));
    }
  }

  private void register(String name, Engine e) {
    if (byName.putIfAbsent(name.toLowerCase(Locale.ROOT), e) != null) {
      throw new IllegalArgumentException("engine name '" + name + "' is used twice");
    }
  }

  public Optional<Engine> find(String name) {
    return Optional.ofNullable(byName.get(name.toLowerCase(Locale.ROOT)));
  }

  public List<Engine> engines() {
    return engines;
  }

  /** Every accepted engine name, for messages. */
  public Set<String> names() {
    return byName.keySet();
  }
}
