package io.dbscope.core.config;

import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * One documented config key: the row of {@link ConfigKeys} that the loader validates against and
 * that {@code docs/configuration.md} and the sample configs are checked against.
 *
 * @param name the key as written in the file
 * @param scope top level, inside a {@code [[datasource]]} entry, or inside {@code [cluster]}
 * @param type what value the key takes
 * @param defaultValue the default as a TOML literal ({@code ":9630"}, {@code 3}, {@code false},
 *     {@code []}), or {@code null} for a required key
 * @param unit unit of a plain number, for {@link Type#DURATION} keys (otherwise {@code null})
 * @param min smallest allowed value of an {@link Type#INTEGER}, or of a {@link Type#DURATION} in
 *     milliseconds
 * @param max largest allowed value of an {@link Type#INTEGER}, or of a {@link Type#DURATION} in
 *     milliseconds
 * @param choices allowed values of a {@link Type#CHOICE} key (lower case; matched ignoring case)
 * @param doc one line: what the key means
 * @param usedFrom for keys that are accepted and validated now but take effect with a later
 *     feature, that feature; otherwise {@code null}
 */
public record ConfigKey(
    String name,
    Scope scope,
    Type type,
    String defaultValue,
    ChronoUnit unit,
    long min,
    long max,
    List<String> choices,
    String doc,
    String usedFrom) {

  public ConfigKey {
    choices = List.copyOf(choices);
  }

  /** Where a key may be written. */
  public enum Scope {
    GLOBAL,
    DATASOURCE,
    /** Inside the {@code [cluster]} table (scale-out through Redis). */
    CLUSTER
  }

  /** The kinds of value; {@link #label()} is the name used in docs and messages. */
  public enum Type {
    STRING("string"),
    SECRET("string (secret)"),
    INTEGER("integer"),
    NUMBER("number"),
    BOOLEAN("boolean"),
    DURATION("duration"),
    CHOICE("string"),
    STRINGS("list of strings"),
    FILES("string or list of strings"),
    ALL_OR_LIST("\"all\" or list of strings"),
    PATH("string (path)"),
    LABELS("string \"k=v,k=v\"");

    private final String label;

    Type(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  public boolean required() {
    return defaultValue == null;
  }

  /** Default for docs: the literal, or {@code required}. */
  public String defaultText() {
    return required() ? "required" : defaultValue;
  }

  /**
   * The unit of a bare number, in words: {@code seconds}, {@code minutes}, {@code milliseconds}.
   */
  public String unitName() {
    if (unit == null) {
      return "";
    }
    return unit == ChronoUnit.MILLIS ? "milliseconds" : unit.toString().toLowerCase(Locale.ROOT);
  }

  /** A copy noting that the key takes effect with a later feature. */
  ConfigKey withUsedFrom(String feature) {
    return new ConfigKey(name, scope, type, defaultValue, unit, min, max, choices, doc, feature);
  }
}
