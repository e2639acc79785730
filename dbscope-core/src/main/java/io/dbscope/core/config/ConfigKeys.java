package io.dbscope.core.config;

import io.dbscope.core.config.ConfigKey.Scope;
import java.util.List;
import java.util.Optional;

/**
 * The catalog of the keys every engine shares: name, scope, type, default, range and a one-line
 * meaning. The loader rejects any key not listed here or in the datasource's engine's {@link
 * OptionTable}s. The entries live in tables by section ({@link GlobalKeys}, {@link DatasourceKeys})
 * so that each stays short; this class joins them in documentation order.
 *
 * <p>{@code docs/configuration.md} is generated from it ({@link ConfigDocs}); tests check that the
 * sample configs list every key with this default and that datasource defaults equal {@link
 * DatasourceBuilder}'s.
 *
 * <p>Keys that later features use are accepted and validated now, and say so in {@link
 * ConfigKey#usedFrom()}, so that a config written today keeps working when the feature lands.
 */
public final class ConfigKeys {
  private static final List<ConfigKey> ALL =
      concat(List.of(GlobalKeys.KEYS, KafkaKeys.KEYS, ClusterKeys.KEYS, DatasourceKeys.KEYS));

  private ConfigKeys() {}

  /** Every key, global ones first, in documentation order. */
  public static List<ConfigKey> all() {
    return ALL;
  }

  public static List<ConfigKey> of(Scope scope) {
    return ALL.stream().filter(k -> k.scope() == scope).toList();
  }

  public static Optional<ConfigKey> find(Scope scope, String name) {
    return ALL.stream().filter(k -> k.scope() == scope && k.name().equals(name)).findFirst();
  }

  /** The key, which the caller knows to exist (a typo in the loader fails every test). */
  static ConfigKey get(Scope scope, String name) {
    return find(scope, name)
        .orElseThrow(() -> new IllegalArgumentException("no " + scope + " key " + name));
  }

  private static List<ConfigKey> concat(List<List<ConfigKey>> tables) {
    return tables.stream().flatMap(List::stream).toList();
  }
}
