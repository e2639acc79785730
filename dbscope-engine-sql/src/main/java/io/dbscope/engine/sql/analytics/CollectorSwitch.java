package io.dbscope.engine.sql.analytics;

import io.dbscope.core.config.DatasourceConfig;

/**
 * Whether a stateful collector may run on a datasource, by the same {@code collectors} and {@code
 * excludeCollectors} lists that select definitions: an excluded id never runs, and a non-empty
 * {@code collectors} list runs only what it names.
 */
public final class CollectorSwitch {
  private CollectorSwitch() {}

  public static boolean allowed(String id, DatasourceConfig config) {
    if (config.excludeCollectors().contains(id)) {
      return false;
    }
    return config.collectors().isEmpty() || config.collectors().contains(id);
  }
}
