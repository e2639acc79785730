package io.dbscope.core.config;

import io.dbscope.core.config.ConfigKey.Scope;
import io.dbscope.core.config.ConfigKey.Type;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Short constructors for the entries of the key tables ({@link GlobalKeys}, {@link DatasourceKeys},
 * and engines' {@link Option}s), so that each entry reads as name, default and meaning.
 */
final class KeyFactory {
  private static final long NO_MAX = Long.MAX_VALUE;

  // Upper bounds of durations: far above any sensible value and below what the code using them
  // can take (JDBC timeouts are int seconds or milliseconds, deadlines are added to nanoTime()).
  static final Duration HOUR = Duration.ofHours(1);
  static final Duration DAY = Duration.ofDays(1);
  static final Duration WEEK = Duration.ofDays(7);
  static final Duration MONTH = Duration.ofDays(30);

  private KeyFactory() {}

  static ConfigKey key(Scope scope, String name, Type type, String def, String doc) {
    return new ConfigKey(name, scope, type, def, null, 0, NO_MAX, List.of(), doc, null);
  }

  static ConfigKey string(Scope scope, String name, String def, String doc) {
    return key(scope, name, Type.STRING, def, doc);
  }

  static ConfigKey secret(Scope scope, String name, String doc) {
    return key(scope, name, Type.SECRET, "\"\"", doc);
  }

  static ConfigKey required(String name, String doc) {
    return key(Scope.DATASOURCE, name, Type.STRING, null, doc);
  }

  static ConfigKey bool(Scope scope, String name, boolean def, String doc) {
    return key(scope, name, Type.BOOLEAN, Boolean.toString(def), doc);
  }

  static ConfigKey number(Scope scope, String name, String def, String doc) {
    return key(scope, name, Type.NUMBER, def, doc);
  }

  static ConfigKey labels(String name, String doc) {
    return key(Scope.DATASOURCE, name, Type.LABELS, "\"\"", doc);
  }

  static ConfigKey strings(String name, String doc) {
    return strings(Scope.DATASOURCE, name, doc);
  }

  static ConfigKey strings(Scope scope, String name, String doc) {
    return key(scope, name, Type.STRINGS, "[]", doc);
  }

  static ConfigKey allOrList(String name, String doc) {
    return key(Scope.DATASOURCE, name, Type.ALL_OR_LIST, "[]", doc);
  }

  static ConfigKey files(String name, String doc) {
    return key(Scope.DATASOURCE, name, Type.FILES, "[]", doc);
  }

  static ConfigKey integer(Scope scope, String name, long def, long min, long max, String doc) {
    return new ConfigKey(
        name, scope, Type.INTEGER, Long.toString(def), null, min, max, List.of(), doc, null);
  }

  static ConfigKey choice(Scope scope, String name, String def, List<String> choices, String doc) {
    return new ConfigKey(
        name, scope, Type.CHOICE, "\"" + def + "\"", null, 0, NO_MAX, choices, doc, null);
  }

  /**
   * @param minMillis 0 when zero is allowed, 1 when the duration must be positive
   * @param max the longest value the code using the key can honour
   */
  static ConfigKey duration(
      Scope scope,
      String name,
      String def,
      ChronoUnit unit,
      long minMillis,
      Duration max,
      String doc) {
    return new ConfigKey(
        name, scope, Type.DURATION, def, unit, minMillis, max.toMillis(), List.of(), doc, null);
  }
}
