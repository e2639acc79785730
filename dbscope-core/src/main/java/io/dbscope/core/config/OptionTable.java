package io.dbscope.core.config;

import java.util.List;
import java.util.Optional;

/**
 * The datasource keys an engine, or a family of engines, brings beyond the ones every engine shares
 * ({@link ConfigKeys}). The loader reads them with the same checks and file/line/key/reason errors
 * as the shared keys, and {@code docs/configuration.md} lists each table under its title.
 *
 * @param title heading in the docs, such as {@code Query analytics}
 * @param about one paragraph for the docs: what the keys are for and which engines read them
 * @param options the keys, in documentation order; all datasource keys, or all top-level keys
 */
public record OptionTable(String title, String about, List<Option<?>> options) {

  public OptionTable {
    options = List.copyOf(options);
    if (options.stream().map(o -> o.key().scope()).distinct().count() > 1) {
      throw new IllegalArgumentException(title + ": mixes top-level and datasource keys");
    }
    for (Option<?> o : options) {
      if (!Option.readable(o.key().type())) {
        throw new IllegalArgumentException(
            o.name() + ": no engine option of type " + o.key().type());
      }
    }
  }

  public Optional<Option<?>> find(String name) {
    return options.stream().filter(o -> o.name().equals(name)).findFirst();
  }
}
