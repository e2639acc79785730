package io.dbscope.engine.redis;

import io.dbscope.core.engine.ResultRows;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The shape of {@code CONFIG GET client-output-buffer-limit AS BUFFER_LIMITS}: the setting's value,
 * {@code <class> <hard bytes> <soft bytes> <soft seconds>} repeated per client class (for example
 * {@code normal 0 0 0 replica 268435456 67108864 60 pubsub 33554432 8388608 60}), becomes two rows
 * per class, as redis_exporter labels them:
 *
 * <pre>
 * class   limit  bytes      seconds
 * normal  hard   0          NULL
 * normal  soft   0          0
 * </pre>
 *
 * The hard limit has no time ({@code NULL}, which maps to no sample).
 */
final class BufferLimitRows {
  static final List<String> COLUMNS = List.of("class", "limit", "bytes", "seconds");

  private BufferLimitRows() {}

  /**
   * @throws IllegalArgumentException when the value is not groups of one class and three numbers
   */
  static ResultRows of(String value) {
    String[] t = value.strip().isEmpty() ? new String[0] : value.strip().split("\\s+");
    if (t.length % 4 != 0) {
      throw new IllegalArgumentException(
          "client-output-buffer-limit is not '<class> <hard> <soft> <seconds>' groups: " + value);
    }
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < t.length; i += 4) {
      rows.add(new Object[] {t[i], "hard", t[i + 1], null});
      rows.add(new Object[] {t[i], "soft", t[i + 2], t[i + 3]});
    }
    // By class, the order the exposition sorts the series in (Redis writes normal, replica,
    // pubsub): then a datasource without an order memo finds the families in order. Stable, so
    // each class keeps hard before soft.
    rows.sort(Comparator.comparing(row -> (String) row[0]));
    return ResultRows.of(COLUMNS, rows);
  }
}
