package io.dbscope.core.metrics;

/**
 * Numbers read from text without {@link Double#parseDouble}'s general algorithm (and its garbage)
 * where the text is a plain whole number or a short decimal, which most values of a server's
 * replies and most histogram bounds are; each gives exactly what {@code parseDouble} gives.
 */
public final class DecimalText {
  /** What {@link #wholeNumber} gives for text that is not a plain whole number. */
  private static final long NOT_WHOLE = Long.MIN_VALUE;

  private DecimalText() {}

  /**
   * {@code s} read by {@link #wholeNumber} or {@link #shortDecimal}, unboxed; NaN when it is
   * neither (neither gives NaN): the caller then reads it the general way.
   */
  public static double quick(String s) {
    long whole = wholeNumber(s);
    if (whole != NOT_WHOLE) {
      return whole;
    }
    Double decimal = shortDecimal(s);
    return decimal != null ? decimal : Double.NaN;
  }

  /**
   * The value of a plain decimal integer of at most 18 digits ({@code -}, then digits), exactly as
   * {@link Double#parseDouble} would give it; {@link #NOT_WHOLE} for anything else, including
   * {@code -0}, whose sign only the double keeps.
   */
  private static long wholeNumber(String s) {
    int n = s.length();
    boolean negative = n > 0 && s.charAt(0) == '-';
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

  /** The largest k for which a double holds 10^k exactly. */
  static final int LARGEST_EXACT_TEN = EXACT_TENS.length - 1;

  static {
    EXACT_TENS[0] = 1;
    for (int i = 1; i < EXACT_TENS.length; i++) {
      EXACT_TENS[i] = EXACT_TENS[i - 1] * 10;
    }
  }

  /** 10^k, exactly, for k from 0 to {@link #LARGEST_EXACT_TEN}. */
  static double exactTen(int k) {
    return EXACT_TENS[k];
  }

  /**
   * The value of a plain decimal with a point ({@code -}, digits, {@code .}, digits) of at most 15
   * digits, exactly as {@link Double#parseDouble} gives it; null for anything else. Its digits make
   * a whole number that a double holds exactly, and so does the power of ten it is divided by: the
   * one division rounds once, correctly, as Clinger's fast path has it. Ratios, rates and per-call
   * times are such decimals, and parsing them in general was a seventieth of a Redis scrape's CPU.
   */
  public static Double shortDecimal(String s) {
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
}
