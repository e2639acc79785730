package io.dbscope.core.config;

import io.dbscope.core.config.ConfigKey.Scope;
import io.dbscope.core.config.ConfigKey.Type;
import java.util.stream.Collectors;

/**
 * Generates the key tables of {@code docs/configuration.md} from {@link ConfigKeys}, between two
 * marker comments, so that the documentation cannot drift from what the loader accepts (a test
 * compares the committed file with {@link #render(String)}).
 */
public final class ConfigDocs {
  public static final String BEGIN = "<!-- BEGIN GENERATED KEYS (ConfigDocs; do not edit) -->";
  public static final String END = "<!-- END GENERATED KEYS -->";

  private ConfigDocs() {}

  /** The document with the part between the markers replaced by {@link #keyTables()}. */
  public static String render(String document) {
    int begin = document.indexOf(BEGIN);
    int end = document.indexOf(END);
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException("the document has no " + BEGIN + " ... " + END + " block");
    }
    return document.substring(0, begin + BEGIN.length())
        + "\n"
        + keyTables()
        + document.substring(end);
  }

  /** Both tables, global keys first, as Markdown. */
  public static String keyTables() {
    return "\n### Global keys\n\n"
        + table(Scope.GLOBAL)
        + "\n### Datasource keys\n\n"
        + "Inside each `[[datasource]]` entry (or at the top level in the legacy single-datasource"
        + " form).\n\n"
        + table(Scope.DATASOURCE)
        + "\n";
  }

  private static String table(Scope scope) {
    String header = "| Key | Type | Default | Meaning |\n|---|---|---|---|\n";
    return header
        + ConfigKeys.of(scope).stream().map(ConfigDocs::row).collect(Collectors.joining());
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
