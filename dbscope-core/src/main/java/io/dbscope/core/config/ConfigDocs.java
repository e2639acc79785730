package io.dbscope.core.config;

import io.dbscope.core.config.ConfigKey.Scope;
import io.dbscope.core.config.ConfigKey.Type;
import io.dbscope.core.engine.Engine;
import io.dbscope.core.engine.EngineCatalog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Generates the key tables of {@code docs/configuration.md} from {@link ConfigKeys} and the option
 * tables of the engines of a build, between two marker comments, so that the documentation cannot
 * drift from what the loader accepts (a test compares the committed file with {@link
 * #render(String, EngineCatalog)}).
 */
public final class ConfigDocs {
  public static final String BEGIN = "<!-- BEGIN GENERATED KEYS (ConfigDocs; do not edit) -->";
  public static final String END = "<!-- END GENERATED KEYS -->";

  private ConfigDocs() {}

  /** The document with the part between the markers replaced by {@link #keyTables}. */
  public static String render(String document, EngineCatalog engines) {
    int begin = document.indexOf(BEGIN);
    int end = document.indexOf(END);
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException("the document has no " + BEGIN + " ... " + END + " block");
    }
    return document.substring(0, begin + BEGIN.length())
        + "\n"
        + keyTables(engines)
        + document.substring(end);
  }

  /**
   * The shared tables (global keys first), the engines, and each engine option table once with the
   * engines taking it, as Markdown.
   */
  public static String keyTables(EngineCatalog engines) {
    StringBuilder out = new StringBuilder();
    out.append("\n### Global keys\n\n")
        .append(table(ConfigKeys.of(Scope.GLOBAL)))
        .append("\n### Datasource keys\n\n")
        .append(
            "Inside each `[[datasource]]` entry (or at the top level in the legacy"
                + " single-datasource form), for every engine.\n\n")
        .append(table(ConfigKeys.of(Scope.DATASOURCE)))
        .append("\n### Cluster keys\n\n")
        .append(
            "Inside the `[cluster]` table (a `cluster:` mapping in YAML): several instances share"
                + " the datasources, see docs/operations.md.\n\n")
        .append(table(ConfigKeys.of(Scope.CLUSTER)))
        .append("\n### Engines\n\n")
        .append("| Engine | Also accepted | Default port | `url` form | Own keys |\n")
        .append("|---|---|---|---|---|\n");
    for (Engine e : engines.engines()) {
      List<String> own = new ArrayList<>();
      e.optionTables().forEach(t -> own.add(t.title()));
      e.globalOptionTables().forEach(t -> own.add(t.title() + " (top level)"));
      out.append("| `")
          .append(e.id())
          .append("` | ")
          .append(e.aliases().stream().map(a -> "`" + a + "`").collect(Collectors.joining(", ")))
          .append(" | ")
          .append(e.defaultPort())
          .append(" | ")
          .append(e.urlExample().isEmpty() ? "" : "`" + e.urlExample() + "`")
          .append(" | ")
          .append(escape(String.join(", ", own)))
          .append(" |\n");
    }
    for (Engine e : engines.engines()) {
      if (!e.about().isEmpty()) {
        out.append("\n**").append(e.id()).append("**: ").append(e.about()).append('\n');
      }
    }
    appendTables(out, engines, Engine::optionTables, "Inside a `[[datasource]]` entry of engine");
    appendTables(out, engines, Engine::globalOptionTables, "At the top level, for engine");
    return out.append('\n').toString();
  }

  private static void appendTables(
      StringBuilder out,
      EngineCatalog engines,
      Function<Engine, List<OptionTable>> tablesOf,
      String where) {
    Map<OptionTable, List<String>> takers = new LinkedHashMap<>();
    for (Engine e : engines.engines()) {
      tablesOf.apply(e).forEach(t -> takers.computeIfAbsent(t, x -> new ArrayList<>()).add(e.id()));
    }
    takers.forEach(
        (t, ids) ->
            out.append("\n### ")
                .append(t.title())
                .append("\n\n")
                .append(where)
                .append(ids.size() > 1 ? "s " : " ")
                .append(ids.stream().map(i -> "`" + i + "`").collect(Collectors.joining(", ")))
                .append(". ")
                .append(t.about())
                .append("\n\n")
                .append(table(t.options().stream().map(Option::key).toList())));
  }

  private static String table(List<ConfigKey> keys) {
    String header = "| Key | Type | Default | Meaning |\n|---|---|---|---|\n";
    return header + keys.stream().map(ConfigDocs::row).collect(Collectors.joining());
  }

  private static String row(ConfigKey k) {
    String def = k.required() ? "**required**" : "`" + k.defaultValue() + "`";
    String meaning =
        k.doc() + (k.usedFrom() == null ? "" : ". *Accepted, used from " + k.usedFrom() + ".*");
    return "| `"
        + k.name()
        + "` | "
        + escape(type(k))
        + " | "
        + escape(def)
        + " | "
        + escape(meaning)
        + " |\n";
  }

  private static String type(ConfigKey k) {
    if (k.type() == Type.DURATION) {
      return "duration (number = "
          + k.unitName()
          + "), at most "
          + Durations.format(java.time.Duration.ofMillis(k.max()));
    }
    if (k.type() == Type.CHOICE) {
      return k.choices().stream().map(c -> "`" + c + "`").collect(Collectors.joining(" \\| "));
    }
    if (k.type() == Type.INTEGER && k.max() != Long.MAX_VALUE) {
      return "integer " + k.min() + "–" + k.max();
    }
    return k.type().label();
  }

  private static String escape(String s) {
    return s.replaceAll("(?<!\\\\)\\|", "\\\\|").replace("<", "&lt;").replace(">", "&gt;");
  }
}
