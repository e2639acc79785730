package io.dbscope.core.engine;

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

  private static final long NOT_WHOLE = Long.MIN_VALUE;

  /**
   * The value of a plain decimal integer of at most 18 digits ({@code -}, then digits), exactly as
   * {@link Double#parseDouble} would give it; {@link #NOT_WHOLE} for anything else, including
   * {@code -0}, whose sign only the double keeps.
   */
  static long wholeNumber(String s) {
    int n = s.length();
    boolean negative = s.charAt(0) == '-';
    int i = negative ? 1 : 0;
    if (n == i || n - i > 18) {
      return NOT_WHOLE;
    }
    long v = 0;
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return NOT_WHOLE;
      }
      v = v * 10 + (c - '0');
    }
    if (negative && v == 0) {
      return NOT_WHOLE;
    }
    return negative ? -v : v;
  }

  /** Powers of ten that a double holds exactly. */
  private static final double[] EXACT_TENS = new double[23];

  static {
    EXACT_TENS[0] = 1;
    for (int i = 1; i < EXACT_TENS.length; i++) {
      EXACT_TENS[i] = EXACT_TENS[i - 1] * 10;
    }
  }

  /**
   * The value of a plain decimal with a point ({@code -}, digits, {@code .}, digits) of at most 15
   * digits, exactly as {@link Double#parseDouble} gives it; null for anything else. Its digits make
   * a whole number that a double holds exactly, and so does the power of ten it is divided by: the
   * one division rounds once, correctly, as Clinger's fast path has it. Ratios, rates and per-call
   * times are such decimals, and parsing them in general was a seventieth of a Redis scrape's CPU.
   */
  static Double shortDecimal(String s) {
    int n = s.length();
    boolean negative = n > 0 && s.charAt(0) == '-';
    long digits = 0;
    int count = 0;
    int point = -1;
    for (int i = negative ? 1 : 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        if (++count > 15) {
          return null;
        }
        digits = digits * 10 + (c - '0');
      } else if (c == '.' && point < 0) {
        point = i;
      } else {
        return null;
      }
    }
    if (count == 0 || point < 0) {
      return null;
    }
    double v = digits / EXACT_TENS[n - 1 - point];
    return negative ? -v : v;
  }

  private static Double parse(String s, Map<String, Double> valueMap) {
    if (valueMap.isEmpty() && !s.isEmpty() && numberStart(s.charAt(0))) {
      // Most values: a number, which no word of WORDS starts like; skip the lookups. Most of those
      // are whole (counters, bytes): read without Double.parseDouble's general algorithm.
      long whole = wholeNumber(s);
      if (whole != NOT_WHOLE) {
        return (double) whole;
      }
      Double decimal = shortDecimal(s);
      if (decimal != null) {
        return decimal;
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
