package io.dbscope.core.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The exposition's bytes as they are written: UTF-8, label values escaped as the text formats ask,
 * numbers as {@link Double#toString} writes them. Appending to a {@code StringBuilder} and then
 * turning it into a {@code String} and that into bytes copied every answer twice more and checked
 * every character for non-ASCII a second time (a tenth of a PostgreSQL scrape's CPU). Not
 * thread-safe: one per answer being written.
 */
final class TextBuffer {
  private byte[] bytes;
  private int length;

  TextBuffer(int capacity) {
    bytes = new byte[capacity];
  }

  int length() {
    return length;
  }

  /** Writes what was appended to {@code out} and starts again from empty. */
  void drainTo(OutputStream out) throws IOException {
    out.write(bytes, 0, length);
    length = 0;
  }

  /** Starts again from empty. */
  void clear() {
    length = 0;
  }

  /** A copy of what was appended. */
  byte[] toBytes() {
    return Arrays.copyOf(bytes, length);
  }

  @Override
  public String toString() {
    return new String(bytes, 0, length, StandardCharsets.UTF_8);
  }

  private void room(int more) {
    if (length + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
    }
  }

  TextBuffer append(char ascii) {
    room(1);
    bytes[length++] = (byte) ascii;
    return this;
  }

  TextBuffer append(byte[] b) {
    room(b.length);
    System.arraycopy(b, 0, bytes, length, b.length);
    length += b.length;
    return this;
  }

  /** Appends {@code s} as it is, in UTF-8. */
  TextBuffer append(String s) {
    return escaped(s, false, false);
  }

  /**
   * Appends {@code s} in UTF-8 with backslash and line feed escaped, and the double quote too when
   * {@code quotes} (label values; help texts leave it).
   */
  TextBuffer escaped(String s, boolean quotes) {
    return escaped(s, true, quotes);
  }

  private TextBuffer escaped(String s, boolean escape, boolean quotes) {
    int n = s.length();
    room(n);
    byte[] b = bytes;
    int at = length;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80 || escape && (c == '\\' || c == '\n' || quotes && c == '"')) {
        length = at;
        return slow(s, i, escape, quotes);
      }
      b[at++] = (byte) c;
    }
    length = at;
    return this;
  }

  /** The rest of {@code s} from {@code from}, one character at a time. */
  private TextBuffer slow(String s, int from, boolean escape, boolean quotes) {
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (escape && c == '\\') {
        append('\\').append('\\');
      } else if (escape && c == '\n') {
        append('\\').append('n');
      } else if (escape && quotes && c == '"') {
        append('\\').append('"');
      } else if (c < 0x80) {
        append(c);
      } else {
        int end = Character.isHighSurrogate(c) && i + 1 < s.length() ? i + 2 : i + 1;
        append(s.substring(i, end).getBytes(StandardCharsets.UTF_8));
        i = end - 1;
      }
    }
    return this;
  }

  /** Appends a whole number in decimal. */
  TextBuffer append(long v) {
    if (v == Long.MIN_VALUE) {
      return append(Long.toString(v));
    }
    room(20);
    if (v < 0) {
      bytes[length++] = '-';
      v = -v;
    }
    int digits = 1;
    for (long t = v; t >= 10; t /= 10) {
      digits++;
    }
    int at = length + digits;
    length = at;
    do {
      bytes[--at] = (byte) ('0' + v % 10);
      v /= 10;
    } while (v != 0);
    return this;
  }

  /**
   * Appends what {@link Double#toString} would, without the two strings it makes for most numbers:
   * whole ones (counters, byte counts) and decimals of up to 15 digits (seconds from microseconds,
   * a Redis command's latency percentiles), a tenth of what a lone Redis datasource's scrape
   * allocated. Other numbers are left to Double.toString.
   */
  TextBuffer number(double v) {
    if (v == (long) v && Math.abs(v) < 1e7 && (v != 0 || 1 / v > 0)) {
      // Double.toString writes these as "123.0"; from 1e7 on it switches to "1.0E7".
      return append((long) v).append('.').append('0');
    }
    if (Double.isNaN(v)) {
      return append("NaN");
    }
    if (Double.isInfinite(v)) {
      return append(v > 0 ? "+Inf" : "-Inf");
    }
    if (v == 0) {
      return append("-0.0"); // the positive zero is whole, above
    }
    double a = Math.abs(v);
    if (a == (long) a && a < EXACT) {
      // Exact doubles one unit or less apart: no decimal shorter than their own digits rounds to
      // them, so Double.toString writes those digits (trailing zeros dropped).
      long m = (long) a;
      int digits = digits(m);
      while (m % 10 == 0) {
        m /= 10;
      }
      return decimal(v < 0, m, digits - 1);
    }
    // The fewest decimal places k whose nearest decimal rounds back to v (m / 10^k == v: both are
    // exact doubles, and division rounds as reading the decimal does). With m below 2^50, the
    // doubles that round to v span less than a quarter of 10^-k, so that decimal is the only one
    // of its length that does: the one Double.toString picks, written as it writes it.
    for (int k = 1; k <= DecimalText.LARGEST_EXACT_TEN; k++) {
      double ten = DecimalText.exactTen(k);
      double scaled = a * ten;
      if (scaled >= FEWER) {
        break;
      }
      double m = Math.rint(scaled);
      if (m / ten == a) {
        return decimal(v < 0, (long) m, digits((long) m) - 1 - k);
      }
    }
    return append(Double.toString(v));
  }

  private static final double EXACT = 0x1p53;

  private static final double FEWER = 0x1p50;

  private static int digits(long m) {
    int n = 1;
    for (long t = m; t >= 10; t /= 10) {
      n++;
    }
    return n;
  }

  /**
   * The decimal {@code m} × 10^(e - digits of m + 1), {@code m} without trailing zeros: {@code e}
   * is the power of ten of its first digit. As Double.toString writes it: plain from 10^-3 to below
   * 10^7 ({@code 0.00125}, {@code 12.5}, {@code 1234567.0}), else one digit before the point and an
   * exponent ({@code 1.25E-5}, {@code 1.0E7}).
   */
  private TextBuffer decimal(boolean negative, long m, int e) {
    room(32);
    if (negative) {
      bytes[length++] = '-';
    }
    int first = length;
    append(m);
    int n = length - first;
    if (e >= 0 && e < 7) {
      if (n <= e + 1) {
        // Every digit before the point: zeros up to it, then ".0".
        for (int i = n; i < e + 1; i++) {
          bytes[length++] = '0';
        }
        bytes[length++] = '.';
        bytes[length++] = '0';
      } else {
        point(first + e + 1);
      }
    } else if (e < 0 && e >= -3) {
      // "0.", the zeros after the point, the digits.
      int shift = 1 - e;
      System.arraycopy(bytes, first, bytes, first + shift, n);
      bytes[first] = '0';
      bytes[first + 1] = '.';
      for (int i = first + 2; i < first + shift; i++) {
        bytes[i] = '0';
      }
      length += shift;
    } else {
      if (n == 1) {
        bytes[length++] = '.';
        bytes[length++] = '0';
      } else {
        point(first + 1);
      }
      bytes[length++] = 'E';
      append(e);
    }
    return this;
  }

  /** A point put in at {@code at}, the digits from there on moved up by one. */
  private void point(int at) {
    System.arraycopy(bytes, at, bytes, at + 1, length - at);
    bytes[at] = '.';
    length++;
  }
}
