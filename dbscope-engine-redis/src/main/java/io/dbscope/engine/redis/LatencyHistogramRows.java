package io.dbscope.engine.redis;

import io.dbscope.core.engine.ResultRows;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The rows of {@code LATENCY HISTOGRAM} (Redis 7+): per command, one row per bucket the server
 * reports, {@code (cmd, le, bucket)} with the bucket's upper bound in microseconds and its
 * cumulative count, then a {@code +Inf} row holding the command's calls. Redis lists only the
 * buckets that changed, already cumulative, which is what redis_exporter passes on as {@code
 * redis_commands_latencies_usec_bucket}; the sum and count come from {@code INFO commandstats}.
 *
 * <p>The reply is {@code [cmd, [calls, n, histogram_usec, [bound, count, ...]], ...]}.
 */
final class LatencyHistogramRows {
  static final List<String> COLUMNS = List.of("cmd", "le", "bucket");

  private LatencyHistogramRows() {}

  private static final byte[] CALLS = "calls".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] HISTOGRAM = "histogram_usec".getBytes(StandardCharsets.US_ASCII);

  /**
   * Redis's bounds are powers of two (1, 2, 4, … microseconds), written once here rather than for
   * every bucket of every command in every scrape.
   */
  private static final List<String> POWERS_OF_TWO =
      java.util.stream.IntStream.range(0, 63).mapToObj(i -> Long.toString(1L << i)).toList();

  static ResultRows of(Object reply) {
    return of(reply, KeyPool.NONE);
  }

  /**
   * @param keys where the command names are taken from
   */
  static ResultRows of(Object reply, KeyPool keys) {
    List<Object[]> rows = new ArrayList<>();
    List<?> top = (List<?>) reply;
    // By command, as the exposition sorts them (Redis lists them in its hash table's order): then
    // the family's sort finds its buckets in order, a pass instead of a sort.
    String[] names = new String[top.size() / 2];
    Integer[] byName = new Integer[names.length];
    for (int k = 0; k < names.length; k++) {
      Object name = top.get(2 * k);
      names[k] = name instanceof byte[] b ? keys.of(b) : String.valueOf(name);
      byName[k] = k;
    }
    Arrays.sort(byName, Comparator.comparing(k -> names[k]));
    for (int k : byName) {
      String cmd = names[k];
      List<?> fields = (List<?>) top.get(2 * k + 1);
      long calls = 0;
      List<?> buckets = List.of();
      for (int f = 0; f + 1 < fields.size(); f += 2) {
        Object field = fields.get(f);
        if (is(field, CALLS, "calls")) {
          calls = (Long) fields.get(f + 1);
        } else if (is(field, HISTOGRAM, "histogram_usec")) {
          buckets = (List<?>) fields.get(f + 1);
        }
      }
      for (int b = 0; b + 1 < buckets.size(); b += 2) {
        rows.add(new Object[] {cmd, bound((Long) buckets.get(b)), buckets.get(b + 1)});
      }
      rows.add(new Object[] {cmd, "+Inf", calls});
    }
    return ResultRows.of(COLUMNS, rows);
  }

  private static String bound(long usec) {
    return usec > 0 && Long.bitCount(usec) == 1
        ? POWERS_OF_TWO.get(Long.numberOfTrailingZeros(usec))
        : Long.toString(usec);
  }

  /** Whether a field name of the reply (bytes from Jedis, text from elsewhere) is {@code name}. */
  private static boolean is(Object field, byte[] bytes, String name) {
    return field instanceof byte[] b ? Arrays.equals(b, bytes) : name.equals(String.valueOf(field));
  }
}
