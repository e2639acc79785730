package io.dbscope.core.scrape;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.config.Option;
import io.dbscope.core.config.OptionTable;
import io.dbscope.core.definition.Definition;
import io.dbscope.core.engine.Engine;
import io.dbscope.core.engine.ServerFacts;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Chooses the definitions that run on one datasource: those whose version range contains the
 * server's version, whose tags the server satisfies ({@code primary}, {@code replica}, {@code
 * extension:x}) and the datasource too ({@code option:key}), whose group switch is on and which the
 * datasource's {@code collectors}/{@code excludeCollectors} lists allow. A pure function of its
 * inputs, recomputed when the facts change.
 */
public final class Planner {
  private final Map<String, Option<Boolean>> groupSwitches;
  private final Map<String, Option<?>> options;

  /** A planner for an engine without groups or keys of its own. */
  public Planner() {
    this(Map.of(), List.of());
  }

  /**
   * @param groupSwitches the engine's own groups and the keys switching them on
   * @param optionTables the engine's own keys, which {@code option:} tags name
   */
  public Planner(Map<String, Option<Boolean>> groupSwitches, List<OptionTable> optionTables) {
    this.groupSwitches = Map.copyOf(groupSwitches);
    Map<String, Option<?>> byName = new HashMap<>();
    for (OptionTable t : optionTables) {
      t.options().forEach(o -> byName.putIfAbsent(o.name(), o));
    }
    this.options = Map.copyOf(byName);
  }

  /** The planner of {@code engine}'s datasources: its groups and its own keys. */
  public static Planner of(Engine engine) {
    return new Planner(engine.groupSwitches(), engine.optionTables());
  }

  public List<Definition> plan(
      List<Definition> definitions, ServerFacts facts, DatasourceConfig config) {
    return definitions.stream().filter(d -> applies(d, facts, config)).toList();
  }

  boolean applies(Definition d, ServerFacts facts, DatasourceConfig config) {
    return skipReason(d, facts, config).isEmpty();
  }

  /**
   * Why {@code d} does not run on this server, in words the console shows; empty when it runs. The
   * same rules as {@link #plan}, in the same order, so the first reason that applies is told.
   */
  public Optional<String> skipReason(Definition d, ServerFacts facts, DatasourceConfig config) {
    if (config.excludeCollectors().contains(d.id())) {
      return Optional.of("excluded by excludeCollectors");
    }
    boolean listed = config.collectors().contains(d.id());
    if (!config.collectors().isEmpty() && !listed) {
      return Optional.of("not in the datasource's collectors list");
    }
    if (!d.defaultEnabled() && !listed && !config.optionalCollector(d.id())) {
      return Optional.of("optional, not switched on");
    }
    if (!groupEnabled(d.group(), config)) {
      return Optional.of("group '" + d.group() + "' is switched off");
    }
    if (!d.versions().contains(facts.version())) {
      return Optional.of("server version " + facts.version() + " is outside " + d.versions());
    }
    for (String tag : d.tags()) {
      if (tag.startsWith("option:")) {
        if (!anyOptionSet(tag.substring("option:".length()), config)) {
          return Optional.of(
              "needs " + tag.substring("option:".length()).replace("|", " or ") + " set");
        }
        continue;
      }
      boolean ok =
          switch (tag) {
            case "primary" -> facts.role() != ServerFacts.Role.REPLICA;
            case "replica" -> facts.role() == ServerFacts.Role.REPLICA;
            default ->
                !tag.startsWith("extension:")
                    || facts.extensions().contains(tag.substring("extension:".length()));
          };
      if (!ok) {
        return Optional.of("needs " + tag);
      }
    }
    return Optional.empty();
  }

  /**
   * Whether one of the keys ({@code a|b}) is set to other than its default. A key the engine does
   * not have is never set (the engine contract test refuses such a tag).
   */
  private boolean anyOptionSet(String keys, DatasourceConfig config) {
    for (String key : keys.split("\\|")) {
      Option<?> o = options.get(key);
      if (o != null && !Objects.equals(config.option(o), o.defaultValue())) {
        return true;
      }
    }
    return false;
  }

  /** Whether the engine has a key of this name, for the engine contract test. */
  public boolean hasOption(String key) {
    return options.containsKey(key);
  }

  private boolean groupEnabled(String group, DatasourceConfig c) {
    return switch (group) {
      case "host" -> c.registerHostMetrics();
      case "custom" -> c.registerCustomMetrics();
      case "database" -> c.registerDatabaseMetrics();
      default -> {
        Option<Boolean> key = groupSwitches.get(group);
        // The loader refused groups the engine does not declare; never run one unswitched.
        yield key != null && c.option(key);
      }
    };
  }
}
