package io.dbscope.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.dbscope.core.config.ConfigKey.Scope;
import io.dbscope.core.engine.Engine;
import io.dbscope.core.engine.EngineCatalog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Loads and validates a config file in one pass and reports every problem at once.
 *
 * <pre>{@code
 * try {
 *   LoadedConfig loaded = new ConfigLoader(engines, System.getenv()).load(Path.of("dbscope.toml"));
 *   loaded.warnings().forEach(log::warn);
 *   run(loaded.config());
 * } catch (ConfigException e) {
 *   e.problems().forEach(System.err::println); // dbscope.toml:12: datasource[a].dbHost: ...
 *   System.exit(2);
 * }
 * }</pre>
 *
 * <p>The file is parsed into a Jackson tree ({@code .toml}, {@code .yaml}, {@code .yml}), then
 * bound by hand against {@link ConfigKeys} rather than by data binding, because binding stops at
 * the first error and cannot say which line a key is on. Strings get {@code ${ENV}} interpolation;
 * passwords {@code ENC()} decoding and {@code dbPwdFile}; every datasource is checked by its
 * engine. A file with top-level connection keys and no {@code [[datasource]]} (the seed's legacy
 * single-datasource form) becomes one datasource named {@code default}.
 */
public final class ConfigLoader {
  /** The name of the datasource made from the legacy single-datasource form. */
  public static final String LEGACY_NAME = "default";

  private final EngineCatalog engines;
  private final DatasourceRows rows;
  private final Interpolator env;
  private final ConfigParser parser = new ConfigParser();
  private final ObjectNode globalDefaults = defaults(Scope.GLOBAL);
  private final ObjectNode clusterDefaults = defaults(Scope.CLUSTER);

  /** The top-level table of the scale-out settings ({@link ClusterConfig}). */
  public static final String CLUSTER = "cluster";

  /**
   * @param engines the engines of this build, for {@code engine} and their own validation
   * @param env environment for {@code ${VAR}} interpolation ({@code System.getenv()})
   */
  public ConfigLoader(EngineCatalog engines, Map<String, String> env) {
    this.engines = engines;
    this.rows = new DatasourceRows(engines);
    this.env = new Interpolator(env);
  }

  /**
   * @throws ConfigException with every problem found, when the file is not a valid config
   */
  public LoadedConfig load(Path file) {
    ConfigParser.Parsed parsed = parser.parse(file);
    Problems problems = new Problems(file.toString(), parsed.lines());
    Path abs = file.toAbsolutePath();
    Path baseDir = abs.getParent() == null ? abs : abs.getParent();
    ObjectNode root = parsed.root();

    List<String> legacyKeys = topLevelKeys(root, problems, rows);
    JsonNode list = root.get("datasource");
    boolean hasList = list != null && !list.isNull();
    if (hasList) {
      for (String k : legacyKeys) {
        problems.error(
            "/" + k,
            k,
            "a datasource key cannot stand at the top level next to datasource entries; move it"
                + " into one (the single-datasource form cannot be mixed with [[datasource]])");
      }
    }

    Optional<Optional<ClusterConfig>> cluster = cluster(root, baseDir, problems);
    Section global = new Section(root, globalDefaults, rows::findGlobal, "", "", "", problems, env);
    Optional<DbscopeConfig.GlobalConfig> globalConfig =
        new GlobalBinder(baseDir, rows.globalTables())
            .bind(global, cluster.orElse(Optional.empty()));

    DatasourceBinder binder = new DatasourceBinder(engines, baseDir);
    List<DatasourceConfig> datasources = new ArrayList<>();
    Map<String, String> entryPointers = new HashMap<>();
    if (hasList) {
      datasources.addAll(entries(list, parsed.format(), binder, problems, entryPointers));
    } else if (!legacyKeys.isEmpty()) {
      String entryKey = "datasource[" + LEGACY_NAME + "]";
      Section s =
          new Section(
              root,
              JsonNodeFactory.instance.objectNode(),
              name -> rows.find(Optional.empty(), name),
              "",
              entryKey,
              "",
              problems,
              env);
      binder.bind(s, Optional.of(LEGACY_NAME)).ifPresent(datasources::add);
    }
    if (legacyKeys.isEmpty() && (!hasList || list.isArray() && list.isEmpty())) {
      problems.error(
          "/datasource",
          "datasource",
          "no datasource configured (add a [[datasource]] entry with name, engine and dbHost)");
    }
    validateAmong(datasources, entryPointers, problems);
    if (problems.hasErrors() || globalConfig.isEmpty()) {
      throw new ConfigException(problems.errors());
    }
    return new LoadedConfig(
        new DbscopeConfig(Optional.of(file), globalConfig.get(), resolveOptions(datasources)),
        problems.warnings());
  }

  /**
   * What each datasource's engine finds wrong given the others, at the datasource's entry (the
   * entries are found again by name, since entries that failed to bind are not in the list).
   */
  private void validateAmong(
      List<DatasourceConfig> all, Map<String, String> entryPointers, Problems problems) {
    for (DatasourceConfig d : all) {
      Optional<Engine> engine = engines.find(d.engine());
      if (engine.isEmpty()) {
        continue;
      }
      for (String problem : engine.get().validateAmong(d, all)) {
        String pointer = entryPointers.getOrDefault(d.name(), "");
        problems.error(pointer, "datasource[" + d.name() + "]", problem);
      }
    }
  }

  /**
   * The {@code [cluster]} table: its own keys only, with their defaults; empty when it has a
   * problem (recorded), {@code Optional.of(Optional.empty())} when there is no cluster.
   */
  private Optional<Optional<ClusterConfig>> cluster(
      ObjectNode root, Path baseDir, Problems problems) {
    JsonNode table = root.get(CLUSTER);
    if (table == null || table.isNull()) {
      return Optional.of(Optional.empty());
    }
    if (!table.isObject()) {
      problems.error(
          "/" + CLUSTER,
          CLUSTER,
          "expected a table ([cluster] in TOML, a mapping in YAML), got "
              + Section.article(NodeKinds.describe(table)));
      return Optional.empty();
    }
    Set<String> known = new LinkedHashSet<>();
    ConfigKeys.of(Scope.CLUSTER).forEach(k -> known.add(k.name()));
    int before = problems.errorCount();
    for (String k : iterable(table)) {
      if (!known.contains(k)) {
        problems.error("/" + CLUSTER + "/" + k, CLUSTER + "." + k, unknown(k, known));
      }
    }
    if (problems.errorCount() > before) {
      return Optional.empty();
    }
    Section s =
        new Section(
            (ObjectNode) table,
            clusterDefaults,
            name -> ConfigKeys.find(Scope.CLUSTER, name),
            CLUSTER + ".",
            CLUSTER,
            "/" + CLUSTER,
            problems,
            env);
    return new ClusterBinder(new FileKeys(baseDir)).bind(s);
  }

  /** Each datasource as its engine settles the options that depend on the others. */
  private List<DatasourceConfig> resolveOptions(List<DatasourceConfig> all) {
    List<DatasourceConfig> out = new ArrayList<>(all.size());
    for (DatasourceConfig d : all) {
      out.add(engines.find(d.engine()).map(e -> e.resolveOptions(d, all)).orElse(d));
    }
    return out;
  }

  /** Checks top-level key names; returns the datasource keys written there (legacy form). */
  private static List<String> topLevelKeys(
      ObjectNode root, Problems problems, DatasourceRows rows) {
    List<String> legacy = new ArrayList<>();
    Set<String> known = new LinkedHashSet<>();
    ConfigKeys.of(Scope.GLOBAL).forEach(k -> known.add(k.name()));
    rows.globalTables().forEach(t -> t.options().forEach(o -> known.add(o.name())));
    known.addAll(rows.names());
    known.add("datasource");
    known.add(CLUSTER);
    for (String k : iterable(root)) {
      if (k.equals("datasource") || k.equals(CLUSTER) || rows.findGlobal(k).isPresent()) {
        continue;
      }
      if (rows.known(k)) {
        legacy.add(k);
      } else {
        problems.error("/" + k, k, unknown(k, known));
      }
    }
    return legacy;
  }

  private List<DatasourceConfig> entries(
      JsonNode list,
      ConfigParser.Format format,
      DatasourceBinder binder,
      Problems problems,
      Map<String, String> entryPointers) {
    if (!list.isArray()) {
      problems.error(
          "/datasource",
          "datasource",
          "expected a list of tables ([[datasource]] in"
              + " TOML, a list of '- name: ...' entries in YAML), got "
              + Section.article(NodeKinds.describe(list)));
      return List.of();
    }
    List<DatasourceConfig> out = new ArrayList<>();
    Map<String, String> firstSeen = new HashMap<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode entry = list.get(i);
      String pointer = "/datasource/" + i;
      String entryKey = "datasource[" + label(entry, i) + "]";
      if (!entry.isObject()) {
        problems.error(
            pointer,
            entryKey,
            "expected a table, got " + Section.article(NodeKinds.describe(entry)));
        continue;
      }
      entryKeys((ObjectNode) entry, format, entryKey + ".", pointer, problems, rows);
      JsonNode written = entry.get("name");
      if (written != null && written.isTextual()) {
        entryPointers.putIfAbsent(written.asText(), pointer);
      }
      duplicate(entry, entryKey, pointer, firstSeen, problems);
      Section s =
          new Section(
              (ObjectNode) entry,
              JsonNodeFactory.instance.objectNode(),
              name -> rows.find(Optional.empty(), name),
              entryKey + ".",
              entryKey,
              pointer,
              problems,
              env);
      binder.bind(s, Optional.empty()).ifPresent(out::add);
    }
    return out;
  }

  /** The entry's written name when it is a usable one, otherwise its position from 1. */
  private static String label(JsonNode entry, int index) {
    JsonNode name = entry.get("name");
    if (name != null
        && name.isTextual()
        && DatasourceBinder.NAME.matcher(name.asText()).matches()) {
      return name.asText();
    }
    return Integer.toString(index + 1);
  }

  private static void entryKeys(
      ObjectNode entry,
      ConfigParser.Format format,
      String prefix,
      String pointer,
      Problems p,
      DatasourceRows rows) {
    Set<String> known = rows.names();
    for (String k : iterable(entry)) {
      if (known.contains(k)) {
        continue;
      }
      String reason;
      if (rows.findGlobal(k).isPresent()) {
        reason =
            format == ConfigParser.Format.TOML
                ? "a global key cannot be set per datasource; move it above the first"
                    + " [[datasource]] (in TOML every key below a [[datasource]] line belongs to"
                    + " that datasource)"
                : "a global key cannot be set per datasource; move it to the top level";
      } else {
        reason = unknown(k, known);
      }
      p.error(pointer + "/" + k, prefix + k, reason);
    }
  }

  private static void duplicate(
      JsonNode entry,
      String entryKey,
      String pointer,
      Map<String, String> firstSeen,
      Problems problems) {
    JsonNode name = entry.get("name");
    if (name == null || !name.isTextual()) {
      return;
    }
    String first = firstSeen.putIfAbsent(name.asText(), pointer + "/name");
    if (first != null) {
      int line = problems.line(first);
      problems.error(
          pointer + "/name",
          entryKey + ".name",
          "duplicate datasource name '"
              + name.asText()
              + "'"
              + (line > 0 ? " (first used at line " + line + ")" : ""));
    }
  }

  private static String unknown(String key, Set<String> known) {
    return "unknown key"
        + Suggest.closest(key, known).map(c -> " (did you mean " + c + "?)").orElse("");
  }

  private static Iterable<String> iterable(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** The table's defaults of one scope, parsed from their TOML literals. */
  private static ObjectNode defaults(Scope scope) {
    StringBuilder toml = new StringBuilder();
    for (ConfigKey k : ConfigKeys.of(scope)) {
      if (!k.required()) {
        toml.append(k.name()).append(" = ").append(k.defaultValue()).append('\n');
      }
    }
    try {
      return (ObjectNode) new TomlMapper().readTree(toml.toString());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("ConfigKeys has a default that is not TOML", e);
    }
  }
}
