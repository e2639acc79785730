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

  /** Appends what {@link Double#toString} would, without its cost for whole numbers (most). */
  TextBuffer number(double v) {
    if (v == (long) v && Math.abs(v) < 1e7 && (v != 0 || 1 / v > 0)) {
      // Double.toString writes these as "123.0"; from 1e7 on it switches to "1.0E7".
      return append((long) v).append('.').append('0');
    }
    if (v == (long) v && Math.abs(v) >= 1e7 && Math.abs(v) < EXACT) {
      return scientific((long) v);
    }
    if (Double.isNaN(v)) {
      return append("NaN");
    }
    if (Double.isInfinite(v)) {
      return append(v > 0 ? "+Inf" : "-Inf");
    }
    return append(Double.toString(v));
  }

  /**
   * Whole numbers below 2^53 are exact doubles one unit or less apart, so no decimal shorter than
   * their own digits rounds to them: Double.toString writes those digits, trailing zeros dropped.
   */
  private static final double EXACT = 0x1p53;

  /**
   * A whole number of at least 1e7 (in magnitude) as Double.toString writes it ({@code
   * 1.2345678E8}), without the two strings it makes: a Redis server's byte counts and a database's
   * block counters are such numbers, a fortieth of what a fleet's answer allocated.
   */
  private TextBuffer scientific(long v) {
    room(26);
    if (v < 0) {
      bytes[length++] = '-';
      v = -v;
    }
    int exponent = -1;
    for (long t = v; t != 0; t /= 10) {
      exponent++;
    }
    while (v % 10 == 0) {
      v /= 10;
    }
    int first = length;
    append(v);
    // The first digit, the point, the rest (or a zero: "1.0E7").
    if (length - first == 1) {
      bytes[length++] = '.';
      bytes[length++] = '0';
    } else {
      System.arraycopy(bytes, first + 1, bytes, first + 2, length - first - 1);
      bytes[first + 1] = '.';
      length++;
    }
    bytes[length++] = 'E';
    return append(exponent);
  }
}
