package io.dbscope.engine.redis;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
 * immutable key (its string, bytes and hash together), and two threads that fill one place at once
 * each keep the string they made.
 */
final class KeyPool {
  static final int SLOTS = 4096;

  /** Places looked at for one key before giving up on pooling it. */
  static final int PROBES = 8;

  /** Longer keys (none of Redis's own) are cut out, not pooled. */
  static final int LONGEST = 64;

  /** A pool that pools nothing (it has no place to hold a key): every key is cut out. */
  static final KeyPool NONE = new KeyPool(0);

  /**
   * A pooled key with its ASCII bytes and hash beside it: a key read from bytes is compared with
   * {@link Arrays#equals(byte[], int, int, byte[], int, int)}, not character by character through
   * the string (which, under the launcher's C1 compiler, was most of a Redis INFO parse). One
   * object per place, so that a thread never sees one key's text with another's bytes.
   */
  private record Key(String text, byte[] ascii, int hash) {}

  private final Key[] slots;
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
    this.slots = new Key[slots];
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
      char c = text.charAt(i);
      if (c >= 0x80) {
        return text.substring(start, end); // not ASCII: not pooled
      }
      h = 31 * h + c; // String.hashCode's
    }
    int at = (h ^ (h >>> 16)) & mask;
    for (int probe = 0; probe < PROBES; probe++) {
      Key k = slots[at];
      if (k == null) {
        return keep(at, text.substring(start, end), h);
      }
      if (k.hash == h && k.ascii.length == length && text.regionMatches(start, k.text, 0, length)) {
        return k.text;
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
    return of(bytes, 0, bytes.length);
  }

  /**
   * {@code bytes[start, end)} as UTF-8 text, the pooled string when there is one: an INFO reply's
   * keys, read from the reply's bytes.
   */
  String of(byte[] bytes, int start, int end) {
    int length = end - start;
    if (slots.length == 0 || length > LONGEST) {
      return cut(bytes, start, end);
    }
    int h = 0;
    for (int i = start; i < end; i++) {
      byte b = bytes[i];
      if (b < 0) {
        return cut(bytes, start, end); // not ASCII: not one char a byte
      }
      h = 31 * h + b;
    }
    int at = (h ^ (h >>> 16)) & mask;
    for (int probe = 0; probe < PROBES; probe++) {
      Key k = slots[at];
      if (k == null) {
        return keep(at, cut(bytes, start, end), h);
      }
      if (k.hash == h && Arrays.equals(k.ascii, 0, k.ascii.length, bytes, start, end)) {
        return k.text;
      }
      at = (at + 1) & mask;
    }
    return cut(bytes, start, end);
  }

  /**
   * {@link #of(byte[], int, int)} lower-cased (ASCII letters only): INFO's section names, a dozen a
   * reply.
   */
  String lowerCase(byte[] bytes, int start, int end) {
    byte[] lower = Arrays.copyOfRange(bytes, start, end);
    for (int i = 0; i < lower.length; i++) {
      byte b = lower[i];
      lower[i] = b >= 'A' && b <= 'Z' ? (byte) (b + ('a' - 'A')) : b;
    }
    // Non-ASCII letters are lower-cased by the string, as a key that is not pooled is anyway.
    String pooled = of(lower, 0, lower.length);
    return pooled.toLowerCase(Locale.ROOT);
  }

  private String keep(int at, String text, int hash) {
    slots[at] = new Key(text, text.getBytes(StandardCharsets.ISO_8859_1), hash);
    return text;
  }

  private static String cut(byte[] bytes, int start, int end) {
    return new String(bytes, start, end - start, StandardCharsets.UTF_8);
  }

  /** Keys pooled so far. */
  int size() {
    int n = 0;
    for (Key k : slots) {
      if (k != null) {
        n++;
      }
    }
    return n;
  }
}
