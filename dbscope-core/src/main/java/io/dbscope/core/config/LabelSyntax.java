package io.dbscope.core.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The seed's {@code labels = "cluster=prod,role=master"}: comma-separated {@code name=value} pairs,
 * spaces around names and values ignored, in the written order.
 *
 * <p>Names must be valid Prometheus label names and not ones dbscope sets itself: {@code
 * datasource} (the datasource name), {@code collector} and {@code state} (self-metrics), {@code le}
 * and {@code quantile} (histograms and summaries), or anything starting with {@code __} (reserved
 * by Prometheus).
 */
final class LabelSyntax {
  static final Set<String> RESERVED = Set.of("datasource", "collector", "state", "le", "quantile");
  private static final Pattern NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  private LabelSyntax() {}

  /**
   * @throws IllegalArgumentException with the first thing wrong, readable as a config problem
   */
  static Map<String, String> parse(String text) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (text.isBlank()) {
      return labels;
    }
    for (String entry : text.split(",", -1)) {
      int eq = entry.indexOf('=');
      if (entry.isBlank()) {
        throw new IllegalArgumentException(
            "empty entry in '" + text + "' (write labels = \"k=v,k=v\")");
      }
      if (eq < 0) {
        throw new IllegalArgumentException(
            "'" + entry.strip() + "' is not name=value (write labels = \"k=v,k=v\")");
      }
      put(labels, entry.substring(0, eq).strip(), entry.substring(eq + 1).strip());
    }
    return labels;
  }

  /** Adds one label after checking its name and value. */
  static void put(Map<String, String> labels, String name, String value) {
    check(name);
    if (value.isEmpty()) {
      throw new IllegalArgumentException(
          "label '" + name + "' has an empty value (Prometheus treats it as no label)");
    }
    if (labels.putIfAbsent(name, value) != null) {
      throw new IllegalArgumentException("label '" + name + "' is given twice");
    }
  }

  private static void check(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "'"
              + name
              + "' is not a valid label name (letters, digits and _, not starting with"
              + " a digit)");
    }
    if (name.startsWith("__")) {
      throw new IllegalArgumentException(
          "label '" + name + "' is reserved: names starting with __ belong to Prometheus");
    }
    if (name.equals("datasource")) {
      throw new IllegalArgumentException(
          "label 'datasource' is reserved: dbscope sets it to the datasource name");
    }
    if (RESERVED.contains(name)) {
      throw new IllegalArgumentException(
          "label '" + name + "' is reserved: dbscope's own metrics use it");
    }
  }
}
