package io.dbscope.core.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The values of a datasource's engine options ({@link OptionTable}) that the config writes; the
 * others read as their defaults. Immutable.
 */
public final class EngineOptions {
  private static final EngineOptions NONE = new EngineOptions(Map.of());

  private final Map<String, Object> values;

  private EngineOptions(Map<String, Object> values) {
    this.values = Collections.unmodifiableMap(values);
  }

  public static EngineOptions none() {
    return NONE;
  }

  /** The written value, or the option's default. */
  public <T> T get(Option<T> option) {
    Object v = values.get(option.name());
    return v == null ? option.defaultValue() : option.cast(v);
  }

  /** A copy with one value set. */
  public <T> EngineOptions with(Option<T> option, T value) {
    Map<String, Object> copy = new LinkedHashMap<>(values);
    copy.put(option.name(), option.cast(value));
    return new EngineOptions(copy);
  }

  /** The written values by key name. */
  public Map<String, Object> written() {
    return values;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EngineOptions other && values.equals(other.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
