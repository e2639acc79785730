package io.dbscope.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbscope.core.config.ConfigKey.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Typed, strict reading of one table of the config (the top level or one {@code [[datasource]]}
 * entry). Each getter checks the value against the key's row (in {@link ConfigKeys} or an engine's
 * {@link OptionTable}), applies {@code ${ENV}} interpolation to strings, records a problem and
 * returns empty when the value is wrong, so that the binders go on and report everything at once.
 *
 * <p>Values of secret keys and of {@code url} are never quoted in a problem.
 */
final class Section {
  /** The value of an {@link Type#ALL_OR_LIST} key that means every choice. */
  static final String ALL = "all";

  /** A string value and whether it came (partly) from the environment. */
  record Text(String value, boolean fromEnv) {}

  private final ObjectNode node;
  private final ObjectNode defaults;
  private final Function<String, Optional<ConfigKey>> keys;
  private final String keyPrefix;
  private final String entryKey;
  private final String pointer;
  private final Problems problems;
  private final Interpolator env;

  /**
   * @param defaults values used for absent keys (the table's defaults for the global scope; an
   *     empty table where a builder holds the defaults)
   * @param keys the rows of the keys this table may hold
   * @param keyPrefix prefix of keys in messages, such as {@code datasource[prod].}
   * @param entryKey the key naming the whole table in messages, such as {@code datasource[prod]}
   * @param pointer JSON pointer of the table, {@code ""} for the top level
   */
  Section(
      ObjectNode node,
      ObjectNode defaults,
      Function<String, Optional<ConfigKey>> keys,
      String keyPrefix,
      String entryKey,
      String pointer,
      Problems problems,
      Interpolator env) {
    this.node = node;
    this.defaults = defaults;
    this.keys = keys;
    this.keyPrefix = keyPrefix;
    this.entryKey = entryKey;
    this.pointer = pointer;
    this.problems = problems;
    this.env = env;
  }

  ObjectNode node() {
    return node;
  }

  /** The same table read with other key rows (a datasource's, once its engine is known). */
  Section withKeys(Function<String, Optional<ConfigKey>> other) {
    return new Section(node, defaults, other, keyPrefix, entryKey, pointer, problems, env);
  }

  private ConfigKey row(String name) {
    return keys.apply(name)
        .orElseThrow(() -> new IllegalArgumentException("no row for key " + name));
  }

  /** The value of a key of the types an {@link Option} may have, read by the key's row. */
  Optional<?> value(ConfigKey k) {
    return switch (k.type()) {
      case BOOLEAN -> bool(k.name());
      case INTEGER -> integer(k.name());
      case DURATION -> duration(k.name());
      case CHOICE -> choice(k.name());
      case STRING, PATH -> string(k.name());
      case STRINGS -> strings(k.name());
      default -> throw new IllegalArgumentException(k.name() + ": not an option type");
    };
  }

  String key(String name) {
    return keyPrefix + name;
  }

  String pointer(String name) {
    return pointer + "/" + name;
  }

  String pointer() {
    return pointer;
  }

  void error(String name, String reason) {
    problems.error(pointer(name), key(name), reason);
  }

  /** A problem of key {@code name} found through another key, at that key's line. */
  void errorAt(String writtenKey, String name, String reason) {
    problems.error(pointer(writtenKey), key(name), reason);
  }

  /** A problem with a key that is not written (a missing required key): at the table's line. */
  void errorAtEntry(String name, String reason) {
    problems.error(pointer, key(name), reason);
  }

  /** A problem of the whole table, such as an engine's own validation. */
  void errorAtEntry(String reason) {
    problems.error(pointer, entryKey, reason);
  }

  int problemCount() {
    return problems.errorCount();
  }

  void warn(String name, String reason) {
    problems.warn(pointer(name), key(name), reason);
  }

  /** Whether the key is written (a YAML {@code key:} with no value counts as absent). */
  boolean has(String name) {
    JsonNode v = node.get(name);
    return v != null && !v.isNull();
  }

  private JsonNode value(String name) {
    return has(name) ? node.get(name) : defaults.get(name);
  }

  Optional<String> string(String name) {
    return text(name).map(Text::value);
  }

  Optional<Text> text(String name) {
    JsonNode v = value(name);
    if (v == null) {
      return Optional.empty();
    }
    if (!v.isTextual()) {
      return typeError(name, v);
    }
    return interpolate(name, v.asText());
  }

  Optional<Integer> integer(String name) {
    ConfigKey k = row(name);
    JsonNode v = value(name);
    if (v == null) {
      return Optional.empty();
    }
    long n;
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      n = v.longValue();
    } else if (v.isBigInteger()) {
      n = v.bigIntegerValue().signum() * Long.MAX_VALUE;
    } else if (v.isTextual() && Interpolator.hasReference(v.asText())) {
      Optional<String> s = string(name);
      if (s.isEmpty()) {
        return Optional.empty();
      }
      try {
        n = Long.parseLong(s.get().strip());
      } catch (NumberFormatException e) {
        error(name, "expected an integer, got '" + s.get() + "' from the environment");
        return Optional.empty();
      }
    } else {
      return typeError(name, v);
    }
    if (n < k.min() || n > k.max()) {
      error(name, rangeText(k.min(), k.max()) + ", got " + (v.isBigInteger() ? v.asText() : n));
      return Optional.empty();
    }
    return Optional.of((int) n);
  }

  static String rangeText(long min, long max) {
    return max == Long.MAX_VALUE
        ? "must be at least " + min
        : "must be between " + min + " and " + max;
  }

  Optional<Boolean> bool(String name) {
    JsonNode v = value(name);
    if (v == null) {
      return Optional.empty();
    }
    if (v.isBoolean()) {
      return Optional.of(v.booleanValue());
    }
    if (v.isTextual() && Interpolator.hasReference(v.asText())) {
      Optional<String> s = string(name).map(x -> x.strip().toLowerCase(Locale.ROOT));
      if (s.isPresent() && !s.get().equals("true") && !s.get().equals("false")) {
        error(name, "expected true or false, got '" + s.get() + "' from the environment");
        return Optional.empty();
      }
      return s.map(Boolean::parseBoolean);
    }
    return typeError(name, v);
  }

  Optional<Double> number(String name) {
    JsonNode v = value(name);
    if (v == null) {
      return Optional.empty();
    }
    if (v.isNumber()) {
      return Optional.of(v.doubleValue());
    }
    if (v.isTextual() && Interpolator.hasReference(v.asText())) {
      Optional<String> s = string(name);
      try {
        return s.map(x -> Double.parseDouble(x.strip()));
      } catch (NumberFormatException e) {
        error(name, "expected a number, got '" + s.orElse("") + "' from the environment");
        return Optional.empty();
      }
    }
    return typeError(name, v);
  }

  /** A plain number in the key's unit, or a string such as {@code "500ms"} or {@code "1h30m"}. */
  Optional<Duration> duration(String name) {
    ConfigKey k = row(name);
    JsonNode v = value(name);
    if (v == null) {
      return Optional.empty();
    }
    String text;
    if (v.isNumber()) {
      if (v.doubleValue() < 0) {
        error(name, "must not be negative, got " + v.asText());
        return Optional.empty();
      }
      text =
          v.isIntegralNumber() ? v.bigIntegerValue().toString() : Double.toString(v.doubleValue());
    } else if (v.isTextual()) {
      Optional<String> s = string(name);
      if (s.isEmpty()) {
        return Optional.empty();
      }
      text = s.get();
    } else {
      return typeError(name, v);
    }
    Duration d;
    try {
      d = Durations.parse(text, k.unit());
    } catch (IllegalArgumentException | ArithmeticException e) {
      error(name, e instanceof ArithmeticException ? "is too large" : e.getMessage());
      return Optional.empty();
    }
    if (d.toMillis() < k.min()) {
      error(name, "must be more than 0");
      return Optional.empty();
    }
    // The drivers, pools and schedulers behind these keys take int milliseconds or seconds, or add
    // the value to System.nanoTime(): a larger value would wrap around and never time out.
    if (d.compareTo(Duration.ofMillis(k.max())) > 0) {
      error(
          name,
          (k.min() > 0 ? "must be more than 0 and at most " : "must be at most ")
              + Durations.format(Duration.ofMillis(k.max()))
              + ", got "
              + Durations.format(d));
      return Optional.empty();
    }
    return Optional.of(d);
  }

  Optional<String> choice(String name) {
    ConfigKey k = row(name);
    Optional<String> s = string(name).map(x -> x.strip().toLowerCase(Locale.ROOT));
    if (s.isPresent() && !k.choices().contains(s.get())) {
      error(name, "must be one of " + String.join(", ", k.choices()) + "; got '" + s.get() + "'");
      return Optional.empty();
    }
    return s;
  }

  /** A list of non-empty strings; a {@link Type#FILES} key also takes a single string. */
  Optional<List<String>> strings(String name) {
    ConfigKey k = row(name);
    JsonNode v = value(name);
    if (v == null) {
      return Optional.empty();
    }
    if (v.isTextual() && k.type() == Type.FILES) {
      return string(name).map(s -> s.isBlank() ? List.of() : List.of(s));
    }
    if (v.isTextual() && k.type() == Type.ALL_OR_LIST) {
      Optional<String> s = string(name).map(String::strip);
      if (s.isPresent() && !s.get().equals(ALL)) {
        error(name, "expected \"all\" or a list of collector ids, got '" + s.get() + "'");
        return Optional.empty();
      }
      return s.map(List::of);
    }
    if (!v.isArray()) {
      return typeError(name, v);
    }
    List<String> out = new ArrayList<>();
    boolean ok = true;
    for (int i = 0; i < v.size(); i++) {
      JsonNode item = v.get(i);
      String itemPointer = pointer(name) + "/" + i;
      if (!item.isTextual()) {
        problems.error(
            itemPointer,
            key(name),
            "item " + (i + 1) + ": expected a string, got " + article(NodeKinds.describe(item)));
        ok = false;
        continue;
      }
      try {
        String s = env.apply(item.asText());
        if (s.isBlank()) {
          problems.error(itemPointer, key(name), "item " + (i + 1) + " is empty");
          ok = false;
        } else {
          out.add(s.strip());
        }
      } catch (IllegalArgumentException e) {
        problems.error(itemPointer, key(name), e.getMessage());
        ok = false;
      }
    }
    return ok ? Optional.of(List.copyOf(out)) : Optional.empty();
  }

  /** Applies {@code ${ENV}} to a string found under this key (also for table values). */
  Optional<Text> interpolate(String name, String raw) {
    try {
      return Optional.of(new Text(env.apply(raw), Interpolator.hasReference(raw)));
    } catch (IllegalArgumentException e) {
      error(name, e.getMessage());
      return Optional.empty();
    }
  }

  private <T> Optional<T> typeError(String name, JsonNode v) {
    ConfigKey k = row(name);
    error(name, "expected " + expected(k) + ", got " + article(NodeKinds.describe(v)));
    return Optional.empty();
  }

  static String article(String kind) {
    return (kind.startsWith("i") ? "an " : "a ") + kind;
  }

  private static String expected(ConfigKey k) {
    return switch (k.type()) {
      case STRING, SECRET, CHOICE, PATH -> "a string";
      case INTEGER -> "an integer";
      case NUMBER -> "a number";
      case BOOLEAN -> "true or false";
      case DURATION -> "a number of " + k.unitName() + " or a string such as \"30s\"";
      case STRINGS -> "a list of strings";
      case FILES -> "a string or a list of strings";
      case ALL_OR_LIST -> "\"all\" or a list of strings";
      case LABELS -> "a string \"k=v,k=v\" or a table";
    };
  }
}
