package io.dbscope.core.scrape;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.definition.Definition;
import io.dbscope.core.engine.ServerFacts;
import java.util.List;

/**
 * Chooses the definitions that run on one datasource: those whose version range contains the
 * server's version, whose tags the server satisfies ({@code primary}, {@code replica}, {@code
 * extension:x}), whose group switch is on and which the datasource's {@code collectors}/{@code
 * excludeCollectors} lists allow. A pure function of its inputs, recomputed when the facts change.
 */
public final class Planner {

  public List<Definition> plan(
      List<Definition> definitions, ServerFacts facts, DatasourceConfig config) {
    return definitions.stream().filter(d -> applies(d, facts, config)).toList();
  }

  static boolean applies(Definition d, ServerFacts facts, DatasourceConfig config) {
    if (config.excludeCollectors().contains(d.id())) {
      return false;
    }
    boolean listed = config.collectors().contains(d.id());
    if (!config.collectors().isEmpty() && !listed) {
      return false;
    }
    if (!d.defaultEnabled() && !listed) {
      return false;
    }
    if (!groupEnabled(d.group(), config)) {
      return false;
    }
    if (!d.versions().contains(facts.version())) {
      return false;
    }
    for (String tag : d.tags()) {
      boolean ok =
          switch (tag) {
            case "primary" -> facts.role() != ServerFacts.Role.REPLICA;
            case "replica" -> facts.role() == ServerFacts.Role.REPLICA;
            default ->
                !tag.startsWith("extension:")
                    || facts.extensions().contains(tag.substring("extension:".length()));
          };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean groupEnabled(String group, DatasourceConfig c) {
    return switch (group) {
      case "host" -> c.registerHostMetrics();
      case "dmhs" -> c.registerDmhsMetrics();
      case "custom" -> c.registerCustomMetrics();
      default -> c.registerDatabaseMetrics();
    };
  }
}
