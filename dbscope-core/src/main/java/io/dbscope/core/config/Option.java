package io.dbscope.core.config;

import io.dbscope.core.config.ConfigKey.Scope;
import io.dbscope.core.config.ConfigKey.Type;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A datasource key that an engine (or a family of engines) brings: its documented row and the Java
 * type of its value. Engines declare them as constants in an {@link OptionTable} and read them with
 * {@link DatasourceConfig#option(Option)}, which gives the default when the key is not written.
 *
 * <pre>{@code
 * static final Option<Boolean> CHECK_SLOW_SQL =
 *     Option.bool("checkSlowSQL", false, "report slow statements");
 * boolean on = datasource.option(CHECK_SLOW_SQL);
 * }</pre>
 *
 * @param key the documented row: name, type, default literal, range, meaning
 * @param type the class of the value ({@link Boolean}, {@link Integer}, {@link Duration}, {@link
 *     String})
 * @param defaultValue the value when the key is not written
 * @param check a further check of a written value, giving every reason it is refused
 */
public record Option<T>(
    ConfigKey key, Class<T> type, T defaultValue, Function<? super T, List<String>> check) {

  public Option(ConfigKey key, Class<T> type, T defaultValue) {
    this(key, type, defaultValue, v -> List.of());
  }

  public String name() {
    return key.name();
  }

  /** The value as the loader read it, checked against this option's type. */
  T cast(Object value) {
    return type.cast(value);
  }

  public static Option<Boolean> bool(String name, boolean def, String doc) {
    return new Option<>(KeyFactory.bool(Scope.DATASOURCE, name, def, doc), Boolean.class, def);
  }

  public static Option<Integer> integer(String name, int def, int min, int max, String doc) {
    return new Option<>(
        KeyFactory.integer(Scope.DATASOURCE, name, def, min, max, doc), Integer.class, def);
  }

  public static Option<String> string(String name, String def, String doc) {
    return new Option<>(
        KeyFactory.string(Scope.DATASOURCE, name, quoted(def), doc), String.class, def);
  }

  /** A string out of {@code choices} (lower case; read ignoring case). */
  public static Option<String> choice(String name, String def, List<String> choices, String doc) {
    return new Option<>(
        KeyFactory.choice(Scope.DATASOURCE, name, def, choices, doc), String.class, def);
  }

  /**
   * A duration: a plain number in {@code unit}, or a string such as {@code "500ms"}.
   *
   * @param minMillis 0 when zero is allowed, 1 when the duration must be positive
   * @param max the longest value the code using the key can honour
   */
  public static Option<Duration> duration(
      String name, Duration def, ChronoUnit unit, long minMillis, Duration max, String doc) {
    long perUnit = unit.getDuration().toNanos();
    if (def.toNanos() % perUnit != 0) {
      throw new IllegalArgumentException(name + ": default is not a whole number of " + unit);
    }
    String literal = Long.toString(def.toNanos() / perUnit);
    return new Option<>(
        KeyFactory.duration(Scope.DATASOURCE, name, literal, unit, minMillis, max, doc),
        Duration.class,
        def);
  }

  /**
   * A file or directory, written relative to the config file's directory (as every path of the
   * config is), read as the resolved path; empty when not written. {@code check} gives the reasons
   * a resolved path is refused (no such file, not a jar), so that they are found at load time.
   */
  public static Option<Optional<Path>> path(
      String name, String doc, Function<Path, List<String>> check) {
    @SuppressWarnings("unchecked")
    Class<Optional<Path>> type = (Class<Optional<Path>>) (Class<?>) Optional.class;
    return new Option<>(
        KeyFactory.key(Scope.DATASOURCE, name, Type.PATH, "\"\"", doc),
        type,
        Optional.empty(),
        p -> p.map(check).orElse(List.of()));
  }

  /**
   * A top-level key an engine brings: a list of strings, each checked by {@code itemProblem} (the
   * reason an item is refused, or empty), with {@code []} as default.
   */
  public static Option<List<String>> globalStrings(
      String name, String doc, Function<String, Optional<String>> itemProblem) {
    @SuppressWarnings("unchecked")
    Class<List<String>> type = (Class<List<String>>) (Class<?>) List.class;
    return new Option<>(
        KeyFactory.strings(Scope.GLOBAL, name, doc),
        type,
        List.of(),
        items -> {
          List<String> problems = new java.util.ArrayList<>();
          for (int i = 0; i < items.size(); i++) {
            int n = i + 1;
            String item = items.get(i);
            itemProblem
                .apply(item)
                .ifPresent(p -> problems.add("item " + n + " '" + item + "' " + p));
          }
          return problems;
        });
  }

  /** A copy noting that the key is accepted now and takes effect with a later feature. */
  public Option<T> usedFrom(String feature) {
    return new Option<>(key.withUsedFrom(feature), type, defaultValue, check);
  }

  /** The reasons a value read for this key is refused, or none. */
  List<String> problems(Object value) {
    return check.apply(cast(value));
  }

  private static String quoted(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  static boolean readable(Type t) {
    return switch (t) {
      case BOOLEAN, INTEGER, STRING, CHOICE, DURATION, STRINGS, PATH -> true;
      default -> false;
    };
  }
}
