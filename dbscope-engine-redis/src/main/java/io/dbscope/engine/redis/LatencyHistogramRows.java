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

  static ResultRows of(Object reply) {
    List<Object[]> rows = new ArrayList<>();
    List<?> top = (List<?>) reply;
    // By command, as the exposition sorts them (Redis lists them in its hash table's order): then
    // the family's sort finds its buckets in order, a pass instead of a sort.
    String[] names = new String[top.size() / 2];
    Integer[] byName = new Integer[names.length];
    for (int k = 0; k < names.length; k++) {
      names[k] = text(top.get(2 * k));
      byName[k] = k;
    }
    Arrays.sort(byName, Comparator.comparing(k -> names[k]));
    for (int k : byName) {
      String cmd = names[k];
      List<?> fields = (List<?>) top.get(2 * k + 1);
      long calls = 0;
      List<?> buckets = List.of();
      for (int f = 0; f + 1 < fields.size(); f += 2) {
        switch (text(fields.get(f))) {
          case "calls" -> calls = (Long) fields.get(f + 1);
          case "histogram_usec" -> buckets = (List<?>) fields.get(f + 1);
          default -> {}
        }
      }
      for (int b = 0; b + 1 < buckets.size(); b += 2) {
        rows.add(new Object[] {cmd, Long.toString((Long) buckets.get(b)), buckets.get(b + 1)});
      }
      rows.add(new Object[] {cmd, "+Inf", calls});
    }
    return ResultRows.of(COLUMNS, rows);
  }

  private static String text(Object o) {
    return o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(o);
  }
}
