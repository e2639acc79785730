package io.dbscope.core.engine;

import io.dbscope.core.definition.Column;
import io.dbscope.core.metrics.DecimalText;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A row's cell as a sample value: numbers as they are, booleans as 1 and 0, text parsed, and the
 * words a server writes for states ({@code ON}, {@code YES}, a definition's own value map). NULL
 * and text that is no number give {@link #NONE}: the sample is skipped and counted, never exported
 * as 0.
 *
 * <p>The value is a primitive {@code double}, "no value" one NaN of its own (as Prometheus marks a
 * stale sample with a NaN of its own): a boxed {@code Double} per cell was garbage that C1 does not
 * take away (with {@code Column.Usage}'s {@code Optional} per value, 3–5 % of what a Redis scrape
 * allocated).
 */
final class RowValues {
  private RowValues() {}

  /**
   * "No value": a quiet NaN with a payload of its own (a quiet one, so that nothing on the way sets
   * its bits anew). No cell gives it, since {@link #number} makes every NaN it reads the usual one.
   */
  static final double NONE = Double.longBitsToDouble(0x7ff8_0000_0000_0d5cL);

  private static final long NONE_BITS = Double.doubleToRawLongBits(NONE);

  /** Whether {@code v} is {@link #NONE}. */
  static boolean isNone(double v) {
    return Double.doubleToRawLongBits(v) == NONE_BITS;
  }

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

  static double number(Object o, Map<String, Double> valueMap) {
    return number(o, valueMap, numbersAsIs(valueMap));
  }

  /**
   * {@link #number(Object, Map)}, {@code asIs} being {@link #numbersAsIs}{@code (valueMap)}, found
   * once per result by the caller rather than once per value.
   */
  static double number(Object o, Map<String, Double> valueMap, boolean asIs) {
    return switch (o) {
      case null -> NONE;
      // A driver's NaN, whatever its payload, is a NaN, not "no value".
      case Number n -> Double.isNaN(n.doubleValue()) ? Double.NaN : n.doubleValue();
      case Boolean b -> b ? 1.0 : 0.0;
      default -> parse(o.toString().trim(), valueMap, asIs);
    };
  }

  /**
   * Whether text that starts like a number is read as one whatever {@code valueMap} says: none of
   * its words starts like a number (nor does any of {@link #WORDS}), so no lookup could find it.
   * Redis's INFO mapping has words ({@code ok}, {@code err}) for a few of its 150 fields, and
   * looking every number up in them first sent each value through a lower-casing, two hash lookups
   * and {@code Double.parseDouble}'s general algorithm.
   */
  static boolean numbersAsIs(Map<String, Double> valueMap) {
    for (String word : valueMap.keySet()) {
      if (!word.isEmpty() && numberStart(word.charAt(0))) {
        return false;
      }
    }
    return true;
  }

  /** {@link #numbersAsIs(Map)} of each column's value map. */
  static boolean[] numbersAsIs(List<Column> columns) {
    boolean[] out = new boolean[columns.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = numbersAsIs(columns.get(i).valueMap());
    }
    return out;
  }

  private static boolean numberStart(char c) {
    return Character.isDigit(c) || c == '-' || c == '+' || c == '.';
  }

  private static double parse(String s, Map<String, Double> valueMap, boolean asIs) {
    if (asIs && !s.isEmpty() && numberStart(s.charAt(0))) {
      // Most values: a number, which no word of WORDS starts like; skip the lookups. Most of those
      // are whole (counters, bytes): read without Double.parseDouble's general algorithm.
      double quick = DecimalText.quick(s);
      if (!Double.isNaN(quick)) {
        return quick;
      }
      try {
        return Double.parseDouble(s);
      } catch (NumberFormatException e) {
        return NONE;
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
    if (s.isEmpty() || !numberStart(s.charAt(0))) {
      return NONE;
    }
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      return NONE;
    }
  }
}
