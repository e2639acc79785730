package io.dbscope.engine.redis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The key groups of one scrape ({@code checkKeyGroups}), as redis_exporter's {@code
 * --check-key-groups} reports them: a key belongs to the first pattern it matches, its group is the
 * concatenated captures (the whole match for a pattern without captures), keys matching none are
 * {@code unclassified}. Per database the {@code maxDistinctKeyGroups} groups using the most memory
 * are reported by name and the others summed into {@code overflow}; the number of distinct groups
 * counts them all. Only databases that hold keys (INFO keyspace) are read; the exporter also
 * reports 0 groups for the empty ones.
 */
final class KeyGroupRows {
  static final List<String> GROUP_COLUMNS = List.of("db", "key_group", "count", "memory");
  static final List<String> DB_COLUMNS = List.of("db", "groups");
  static final List<String> DURATION_COLUMNS = List.of("duration_ms");

  private record Group(long count, long memory) {}

  private final List<Pattern> patterns = new ArrayList<>();
  private final int maxGroups;
  private final List<Object[]> groups = new ArrayList<>();
  private final List<Object[]> perDb = new ArrayList<>();
  private long durationMs;
  private boolean truncated;

  KeyGroupRows(List<String> patterns, int maxGroups) {
    patterns.forEach(p -> this.patterns.add(LuaPattern.compile(p)));
    this.maxGroups = maxGroups;
  }

  /** The database indexes of an {@code INFO keyspace} reply ({@code db0:keys=1,...}). */
  static List<Integer> databases(String keyspace) {
    TreeSet<Integer> out = new TreeSet<>();
    for (String line : keyspace.split("\n")) {
      Matcher m = Pattern.compile("^db(\\d+):").matcher(line.strip());
      if (m.find()) {
        out.add(Integer.parseInt(m.group(1)));
      }
    }
    return new ArrayList<>(out);
  }

  Void add(Jedis jedis, String db, List<String> keys) {
    List<Response<Long>> memory = new ArrayList<>();
    try (Pipeline p = jedis.pipelined()) {
      keys.forEach(k -> memory.add(p.memoryUsage(k)));
    }
    Map<String, Group> byName = new LinkedHashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      long bytes;
      try {
        Long m = memory.get(i).get();
        bytes = m == null ? 0 : m;
      } catch (JedisDataException e) {
        bytes = 0;
      }
      long b = bytes;
      byName.merge(
          group(keys.get(i)),
          new Group(1, b),
          (x, y) -> new Group(x.count() + y.count(), x.memory() + y.memory()));
    }
    List<Map.Entry<String, Group>> sorted = new ArrayList<>(byName.entrySet());
    sorted.sort((x, y) -> Long.compare(y.getValue().memory(), x.getValue().memory()));
    long overCount = 0;
    long overMemory = 0;
    for (int i = 0; i < sorted.size(); i++) {
      Group g = sorted.get(i).getValue();
      if (i < maxGroups) {
        groups.add(new Object[] {db, sorted.get(i).getKey(), g.count(), g.memory()});
      } else {
        overCount += g.count();
        overMemory += g.memory();
      }
    }
    if (overCount > 0) {
      groups.add(new Object[] {db, "overflow", overCount, overMemory});
    }
    perDb.add(new Object[] {db, (long) byName.size()});
    return null;
  }

  private String group(String key) {
    for (Pattern p : patterns) {
      Matcher m = p.matcher(key);
      if (m.find()) {
        if (m.groupCount() == 0) {
          return m.group();
        }
        StringBuilder name = new StringBuilder();
        for (int g = 1; g <= m.groupCount(); g++) {
          name.append(m.group(g) == null ? "" : m.group(g));
        }
        return name.toString();
      }
    }
    return "unclassified";
  }

  void done(boolean cut, long millis) {
    truncated = cut;
    durationMs = millis;
  }

  List<Object[]> groups() {
    return groups;
  }

  List<Object[]> perDb() {
    return perDb;
  }

  /** One row: 0 when no groups are configured, as redis_exporter reports it by default. */
  List<Object[]> duration() {
    List<Object[]> out = new ArrayList<>();
    out.add(new Object[] {durationMs});
    return out;
  }

  boolean truncated() {
    return truncated;
  }
}
