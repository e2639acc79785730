package io.dbscope.engine.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The rows of the stream checks, from {@code XINFO STREAM}, {@code XINFO GROUPS} and {@code XINFO
 * CONSUMERS}: per stream, per group, per consumer, as redis_exporter's {@code redis_stream_*}
 * families. Entry ids are reported as their millisecond part, as the exporter does. A key that is
 * not a stream (a single stream that was deleted, or replaced by another type) gives no rows.
 */
final class StreamRows {
  static final List<String> STREAM_COLUMNS =
      List.of(
          "db",
          "stream",
          "length",
          "radix_tree_keys",
          "radix_tree_nodes",
          "groups",
          "last_generated_id",
          "max_deleted_entry_id",
          "first_entry_id",
          "last_entry_id");
  static final List<String> GROUP_COLUMNS =
      List.of(
          "db",
          "stream",
          "group",
          "consumers",
          "pending",
          "last_delivered_id",
          "entries_read",
          "lag");
  static final List<String> CONSUMER_COLUMNS =
      List.of("db", "stream", "group", "consumer", "pending", "idle_seconds");

  private final List<Object[]> streams = new ArrayList<>();
  private final List<Object[]> groups = new ArrayList<>();
  private final List<Object[]> consumers = new ArrayList<>();
  private boolean truncated;

  Void add(Jedis jedis, String db, List<String> keys) {
    for (String key : keys) {
      Map<String, Object> s;
      try {
        s = fields(jedis.sendCommand(Protocol.Command.XINFO, "STREAM", key));
      } catch (JedisDataException e) {
        continue; // no such key, or not a stream
      }
      streams.add(
          new Object[] {
            db,
            key,
            s.get("length"),
            s.get("radix-tree-keys"),
            s.get("radix-tree-nodes"),
            s.get("groups"),
            millis(s.get("last-generated-id")),
            millis(s.get("max-deleted-entry-id")),
            entryMillis(s.get("first-entry")),
            entryMillis(s.get("last-entry"))
          });
      for (Object g : (List<?>) jedis.sendCommand(Protocol.Command.XINFO, "GROUPS", key)) {
        Map<String, Object> group = fields(g);
        String name = text(group.get("name"));
        groups.add(
            new Object[] {
              db,
              key,
              name,
              group.get("consumers"),
              group.get("pending"),
              millis(group.get("last-delivered-id")),
              group.get("entries-read"),
              group.get("lag")
            });
        for (Object c :
            (List<?>) jedis.sendCommand(Protocol.Command.XINFO, "CONSUMERS", key, name)) {
          Map<String, Object> consumer = fields(c);
          Object idle = consumer.get("idle");
          consumers.add(
              new Object[] {
                db,
                key,
                name,
                text(consumer.get("name")),
                consumer.get("pending"),
                idle instanceof Long ms ? ms / 1000.0 : null
              });
        }
      }
    }
    return null;
  }

  List<Object[]> streams() {
    return streams;
  }

  List<Object[]> groups() {
    return groups;
  }

  List<Object[]> consumers() {
    return consumers;
  }

  boolean truncated() {
    return truncated;
  }

  void truncated(boolean cut) {
    truncated = cut;
  }

  /** A RESP2 reply of alternating names and values. */
  private static Map<String, Object> fields(Object reply) {
    List<?> list = (List<?>) reply;
    Map<String, Object> out = new HashMap<>();
    for (int i = 0; i + 1 < list.size(); i += 2) {
      Object v = list.get(i + 1);
      out.put(text(list.get(i)), v instanceof byte[] ? text(v) : v);
    }
    return out;
  }

  private static String text(Object o) {
    return o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(o);
  }

  /** {@code 1700000000000-0} → 1700000000000; null when absent. */
  static Long millis(Object id) {
    if (id == null) {
      return null;
    }
    String s = text(id);
    int dash = s.indexOf('-');
    try {
      return Long.parseLong(dash < 0 ? s : s.substring(0, dash));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The id of an entry ({@code [id, [field, value, ...]]}), 0 for none as the exporter says. */
  private static Long entryMillis(Object entry) {
    return entry instanceof List<?> l && !l.isEmpty() ? millis(l.getFirst()) : Long.valueOf(0);
  }
}
