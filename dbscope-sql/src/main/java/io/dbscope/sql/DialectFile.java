package io.dbscope.sql;

import io.dbscope.sql.LexicalRules.Backslash;
import io.dbscope.sql.LexicalRules.DoubleQuote;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Reads one dialect's file, {@code io/dbscope/sql/dialects/NAME.properties} on the class path.
 * Every rule must be named (see {@code postgres.properties} for each key and its meaning), and an
 * unknown key or value is an error: a typo must not leave a rule at a reading nobody chose.
 *
 * <p>A file may instead say {@code strictestOf = a, b}: the dialect is then the strictest reading
 * of the named ones (see {@link SqlDialect#NEUTRAL}), and names only its {@code server}.
 */
final class DialectFile {
  static final String FOLDER = "/io/dbscope/sql/dialects/";

  private static final List<String> RULE_KEYS =
      List.of(
          "server",
          "quotes.double",
          "quotes.backtick",
          "quotes.dollar",
          "parameters.dollar",
          "names.dollarStart",
          "strings.backslash",
          "strings.escapePrefix",
          "strings.unicodePrefix",
          "comments.hash",
          "comments.dashNeedsSpace",
          "comments.nested",
          "comments.executable",
          "names.fold",
          "functions.list",
          "functions.schema",
          "functions.storedShadowsBuiltIn",
          "calls.syntaxWords",
          "calls.schemaOperators",
          "calls.attributeCalls");

  private static final List<String> STRICTEST_KEYS = List.of("server", "strictestOf");

  private final String name;
  private final String resource;
  private final Properties p;

  private DialectFile(String name, String resource, Properties p) {
    this.name = name;
    this.resource = resource;
    this.p = p;
  }

  /**
   * The dialect named {@code name}; {@code others} gives the dialects a {@code strictestOf} names.
   *
   * @throws IllegalArgumentException when no file of that name is on the class path or the file is
   *     not a valid dialect
   */
  static SqlDialect read(String name, Function<String, SqlDialect> others) {
    if (!name.matches("[a-z][a-z0-9_-]*")) {
      throw new IllegalArgumentException(
          "dialect name '" + name + "': lower-case letters, digits, '_' and '-' only");
    }
    String resource = FOLDER + name + ".properties";
    Properties p = new Properties();
    try (InputStream in = DialectFile.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException(
            "no SQL dialect '"
                + name
                + "': "
                + resource.substring(1)
                + " is not on the class path");
      }
      p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
    return new DialectFile(name, resource, p).dialect(others);
  }

  private SqlDialect dialect(Function<String, SqlDialect> others) {
    if (p.containsKey("strictestOf")) {
      keys(STRICTEST_KEYS);
      List<SqlDialect> of = new ArrayList<>();
      for (String other : list("strictestOf")) {
        if (other.equals(name)) {
          throw invalid("strictestOf", "names the dialect itself");
        }
        of.add(others.apply(other));
      }
      if (of.isEmpty()) {
        throw invalid("strictestOf", "names no dialect");
      }
      return SqlDialect.strictest(name, text("server"), of);
    }
    keys(RULE_KEYS);
    LexicalRules lexical =
        new LexicalRules(
            choice("quotes.double", DoubleQuote.class),
            flag("quotes.backtick"),
            flag("quotes.dollar"),
            flag("parameters.dollar"),
            flag("names.dollarStart"),
            choice("strings.backslash", Backslash.class),
            flag("strings.escapePrefix"),
            flag("strings.unicodePrefix"),
            flag("comments.hash"),
            flag("comments.dashNeedsSpace"),
            flag("comments.nested"),
            flag("comments.executable"));
    NameFolding folding = choice("names.fold", NameFolding.class);
    CallRules calls =
        new CallRules(
            folding,
            NameFolding.asciiLower(p.getProperty("functions.schema").strip()),
            flag("functions.storedShadowsBuiltIn") ? text("server") : "",
            Set.copyOf(list("calls.syntaxWords").stream().map(NameFolding::asciiLower).toList()),
            flag("calls.schemaOperators"),
            flag("calls.attributeCalls"));
    String list = p.getProperty("functions.list").strip();
    BuiltInFunctions functions =
        list.isEmpty()
            ? BuiltInFunctions.none()
            : BuiltInFunctions.read(list.startsWith("/") ? list : FOLDER + list, folding);
    return new SqlDialect(name, text("server"), lexical, calls, functions);
  }

  /** Exactly {@code expected} are present. */
  private void keys(List<String> expected) {
    Set<String> unknown = new TreeSet<>(p.stringPropertyNames());
    unknown.removeAll(expected);
    if (!unknown.isEmpty()) {
      throw invalid(unknown.iterator().next(), "unknown key (known: " + expected + ")");
    }
    for (String key : expected) {
      if (!p.containsKey(key)) {
        throw invalid(key, "missing: every rule must be named");
      }
    }
  }

  private String text(String key) {
    String v = p.getProperty(key).strip();
    if (v.isEmpty()) {
      throw invalid(key, "empty");
    }
    return v;
  }

  private boolean flag(String key) {
    return switch (p.getProperty(key).strip()) {
      case "true" -> true;
      case "false" -> false;
      default -> throw invalid(key, "true or false, not '" + p.getProperty(key).strip() + "'");
    };
  }

  private <E extends Enum<E>> E choice(String key, Class<E> type) {
    String v = p.getProperty(key).strip();
    for (E e : type.getEnumConstants()) {
      if (e.name().toLowerCase(Locale.ROOT).equals(v)) {
        return e;
      }
    }
    List<String> allowed =
        Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList();
    throw invalid(key, "one of " + allowed + ", not '" + v + "'");
  }

  /** A comma-separated list; empty when the value is. */
  private List<String> list(String key) {
    return Arrays.stream(p.getProperty(key).split(","))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .toList();
  }

  private IllegalArgumentException invalid(String key, String reason) {
    return new IllegalArgumentException(
        "SQL dialect '" + name + "' (" + resource.substring(1) + "), key " + key + ": " + reason);
  }
}
