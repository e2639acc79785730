package io.dbscope.core.config;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads the keys of engines' {@link OptionTable}s that a table of the config writes. */
final class OptionReader {
  private OptionReader() {}

  /**
   * The written values; a value of the wrong type or refused by its option's check is an error at
   * its key. A key in several tables (engines sharing one) is read once.
   *
   * @param s the table, read with rows that include these tables' keys
   */
  static EngineOptions read(Section s, List<OptionTable> tables, FileKeys files) {
    EngineOptions out = EngineOptions.none();
    Set<String> seen = new HashSet<>();
    for (OptionTable t : tables) {
      for (Option<?> o : t.options()) {
        if (seen.add(o.name()) && s.has(o.name())) {
          out = read(s, o, out, files);
        }
      }
    }
    return out;
  }

  private static <T> EngineOptions read(
      Section s, Option<T> o, EngineOptions into, FileKeys files) {
    Optional<?> v = s.value(o.key());
    if (o.key().type() == ConfigKey.Type.PATH) {
      // Relative to the config file, like every path the config names; blank is "not written".
      v =
          v.map(String.class::cast)
              .map(w -> w.isBlank() ? Optional.empty() : Optional.of(files.resolve(w)));
    }
    if (v.isEmpty()) {
      return into;
    }
    List<String> problems = o.problems(v.get());
    if (!problems.isEmpty()) {
      problems.forEach(p -> s.error(o.name(), p));
      return into;
    }
    return into.with(o, o.cast(v.get()));
  }
}
