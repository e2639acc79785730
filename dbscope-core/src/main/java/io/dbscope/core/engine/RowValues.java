package io.dbscope.core.engine;

import io.dbscope.core.metrics.DecimalText;
import java.util.Locale;
import java.util.Map;

/**
 * A row's cell as a sample value: numbers as they are, booleans as 1 and 0, text parsed, and the
 * words a server writes for states ({@code ON}, {@code YES}, a definition's own value map). NULL
 * and text that is no number give null: the sample is skipped and counted, never exported as 0.
 */
final class RowValues {
  private RowValues() {}

  private static final Map<String, Double> WORDS =
      Map.of(
          "on",
          1.0,
          "off",
          0.0,
          "yes",
          1.0,
          "no",
          0.0,
          "true",
          1.0,
          "false",
          0.0,
          "nan",
          Double.NaN);

  static Double number(Object o, Map<String, Double> valueMap) {
    return switch (o) {
      case null -> null;
      case Number n -> n.doubleValue();
      case Boolean b -> b ? 1.0 : 0.0;
      default -> parse(o.toString().trim(), valueMap);
    };
  }

  private static boolean numberStart(char c) {
    return Character.isDigit(c) || c == '-' || c == '+' || c == '.';
  }

  private static Double parse(String s, Map<String, Double> valueMap) {
    if (valueMap.isEmpty() && !s.isEmpty() && numberStart(s.charAt(0))) {
      // Most values: a number, which no word of WORDS starts like; skip the lookups. Most of those
      // are whole (counters, bytes): read without Double.parseDouble's general algorithm.
      double quick = DecimalText.quick(s);
      if (!Double.isNaN(quick)) {
        return quick;
      }
      try {
        return Double.parseDouble(s);
      } catch (NumberFormatException e) {
        return null;
      }
    }
    String lower = s.toLowerCase(Locale.ROOT);
    Double mapped = valueMap.get(lower);
    if (mapped != null) {
      return mapped;
    }
    mapped = WORDS.get(lower);
    if (mapped != null) {
      return mapped;
    }
    if (s.isEmpty()) {
      return null;
    }
    if (!numberStart(s.charAt(0))) {
      return null;
    }
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
