package io.dbscope.engine.redis;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The keys of INFO replies ({@code used_memory}, {@code cmdstat_get}, {@code calls}) as the same
 * {@code String} objects from reply to reply, found by their characters in the reply without
 * cutting them out first. A key cut out of every reply was a new string whose hash every lookup
 * computed again and compared byte by byte: the mapping's rules by key, a wide row's columns, a
 * record's fields. A pooled key has its hash computed once and is found by identity.
 *
 * <p>One pool serves every Redis datasource of the process (their keys are the same words), so it
 * is bounded: a fixed table of {@link #SLOTS} places, a key found within {@link #PROBES} of its own
 * or cut out as before. Safe to share between threads without locks: a place holds null or an
 * immutable string, and two threads that fill one place at once each keep the string they made.
 */
final class KeyPool {
  static final int SLOTS = 4096;

  /** Places looked at for one key before giving up on pooling it. */
  static final int PROBES = 8;

  /** Longer keys (none of Redis's own) are cut out, not pooled. */
  static final int LONGEST = 64;

  /** A pool that pools nothing (it has no place to hold a key): every key is cut out. */
  static final KeyPool NONE = new KeyPool(0);

  private final String[] slots;
  private final int mask;

  KeyPool() {
    this(SLOTS);
  }

  /**
   * @param slots a power of two; 0 for a pool that pools nothing
   */
  KeyPool(int slots) {
    if (Integer.bitCount(slots) > 1) {
      throw new IllegalArgumentException("not a power of two: " + slots);
    }
    this.slots = new String[slots];
    this.mask = slots - 1;
  }

  /** {@code text.substring(start, end)}, the pooled string when there is one. */
  String of(String text, int start, int end) {
    int length = end - start;
    if (slots.length == 0 || length > LONGEST) {
      return text.substring(start, end);
    }
    int h = 0;
    for (int i = start; i < end; i++) {
      h = 31 * h + text.charAt(i); // String.hashCode's
    }
    int at = (h ^ (h >>> 16)) & mask;
    for (int probe = 0; probe < PROBES; probe++) {
      String s = slots[at];
      if (s == null) {
        s = text.substring(start, end);
        slots[at] = s;
        return s;
      }
      if (s.length() == length && s.hashCode() == h && text.regionMatches(start, s, 0, length)) {
        return s;
      }
      at = (at + 1) & mask;
    }
    return text.substring(start, end);
  }

  /**
   * {@code bytes} as UTF-8 text, the pooled string when there is one: the names in a reply's arrays
   * ({@code LATENCY HISTOGRAM}'s commands), which Jedis hands over as bytes.
   */
  String of(byte[] bytes) {
    return of(bytes, 0, bytes.length, false);
  }

  /**
   * {@code bytes[start, end)} as UTF-8 text, the pooled string when there is one: an INFO reply's
   * keys, read from the reply's bytes.
   */
  String of(byte[] bytes, int start, int end) {
    return of(bytes, start, end, false);
  }

  /** {@link #of(byte[], int, int)} lower-cased (ASCII letters only): INFO's section names. */
  String lowerCase(byte[] bytes, int start, int end) {
    return of(bytes, start, end, true);
  }

  private String of(byte[] bytes, int start, int end, boolean lower) {
    int length = end - start;
    if (slots.length == 0 || length > LONGEST) {
      return cut(bytes, start, end, lower);
    }
    int h = 0;
    for (int i = start; i < end; i++) {
      byte b = bytes[i];
      if (b < 0) {
        return cut(bytes, start, end, lower); // not ASCII: not one char a byte
      }
      h = 31 * h + (lower ? lower(b) : b);
    }
    int at = (h ^ (h >>> 16)) & mask;
    for (int probe = 0; probe < PROBES; probe++) {
      String s = slots[at];
      if (s == null) {
        s = cut(bytes, start, end, lower);
        slots[at] = s;
        return s;
      }
      if (s.length() == length && s.hashCode() == h && sameAscii(s, bytes, start, lower)) {
        return s;
      }
      at = (at + 1) & mask;
    }
    return cut(bytes, start, end, lower);
  }

  private static String cut(byte[] bytes, int start, int end, boolean lower) {
    String s = new String(bytes, start, end - start, StandardCharsets.UTF_8);
    return lower ? s.toLowerCase(Locale.ROOT) : s;
  }

  private static byte lower(byte b) {
    return b >= 'A' && b <= 'Z' ? (byte) (b + ('a' - 'A')) : b;
  }

  private static boolean sameAscii(String s, byte[] bytes, int start, boolean lower) {
    for (int i = 0; i < s.length(); i++) {
      byte b = bytes[start + i];
      if (s.charAt(i) != (lower ? lower(b) : b)) {
        return false;
      }
    }
    return true;
  }

  /** Keys pooled so far. */
  int size() {
    int n = 0;
    for (String s : slots) {
      if (s != null) {
        n++;
      }
    }
    return n;
  }
}
