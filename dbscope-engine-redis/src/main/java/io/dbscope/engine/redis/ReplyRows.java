package io.dbscope.engine.redis;

import io.dbscope.core.engine.ResultRows;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.resps.LatencyLatestInfo;
import redis.clients.jedis.resps.Slowlog;

/** The rows of Redis replies other than INFO and the latency histogram: functions of the reply. */
final class ReplyRows {
  private ReplyRows() {}

  static ResultRows config(RedisQuery.ConfigGet q, Map<String, String> settings) {
    if (q.bufferLimits()) {
      String v = settings.get(q.pattern());
      if (v == null) {
        throw new IllegalStateException("CONFIG GET " + q.pattern() + " returned nothing");
      }
      return BufferLimitRows.of(v);
    }
    List<Object[]> rows = new ArrayList<>();
    settings.forEach(
        (k, v) -> {
          if (!RedisQuery.ConfigGet.secret(k)) {
            rows.add(q.settings() ? new Object[] {k, v, 1L} : new Object[] {k, v});
          }
        });
    return ResultRows.of(
        q.settings() ? List.of("key", "value", "one") : List.of("key", "value"), rows);
  }

  static ResultRows slowlogLen(long len) {
    return one(List.of("length"), new Object[] {len});
  }

  static ResultRows slowlogLast(List<Slowlog> last) {
    if (last.isEmpty()) {
      return one(List.of("id", "timestamp", "duration_usec"), new Object[] {0L, 0L, 0L});
    }
    Slowlog s = last.getFirst();
    return one(
        List.of("id", "timestamp", "duration_usec"),
        new Object[] {s.getId(), s.getTimeStamp(), s.getExecutionTime()});
  }

  static ResultRows latencyLatest(Map<String, LatencyLatestInfo> latest) {
    List<Object[]> rows = new ArrayList<>();
    latest.forEach(
        (event, l) ->
            rows.add(
                new Object[] {
                  event, l.getTimestamp(), l.getLastEventLatency(), l.getMaxEventLatency()
                }));
    return ResultRows.of(List.of("event", "timestamp", "latest_ms", "max_ms"), rows);
  }

  private static ResultRows one(List<String> columns, Object[] row) {
    List<Object[]> rows = new ArrayList<>();
    rows.add(row);
    return ResultRows.of(columns, rows);
  }
}
