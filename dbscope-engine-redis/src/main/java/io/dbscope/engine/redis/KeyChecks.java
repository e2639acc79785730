package io.dbscope.engine.redis;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.engine.ResultRows;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The key checks of one scrape ({@link RedisKeyOptions}): SCAN, TYPE, the length commands, GET,
 * MEMORY USAGE and XINFO, all read-only. A check of another database {@code SELECT}s it and always
 * {@code SELECT}s the datasource's own back; if that fails the connection is not reused. All SCANs
 * of the scrape share one budget of examined keys.
 */
final class KeyChecks {
  /** The COUNT hint of each SCAN call: redis_exporter's default --check-keys-batch-size. */
  static final int SCAN_COUNT = 1000;

  /** Longer string values are not made labels: a label is no place for a document. */
  static final int MAX_VALUE_LABEL = 1024;

  static final List<String> KEY_COLUMNS =
      List.of("db", "key", "size", "memory", "value", "val", "one");
  static final List<String> COUNT_COLUMNS = List.of("db", "key", "count");

  private final Jedis jedis;
  private final DatasourceConfig config;
  private final int home;
  private long budget;
  private boolean truncated;
  private StreamRows streams;
  private KeyGroupRows keyGroups;

  KeyChecks(Jedis jedis, DatasourceConfig config, int home) {
    this.jedis = jedis;
    this.config = config;
    this.home = home;
    this.budget = config.option(RedisKeyOptions.MAX_KEYS_SCANNED);
  }

  ResultRows rows(RedisQuery.KeyCheck q) {
    truncated = false;
    List<Object[]> rows =
        switch (q) {
          case RedisQuery.CheckedKeys k -> checkedKeys();
          case RedisQuery.CountedKeys k -> countedKeys();
          case RedisQuery.CheckedStreams s -> streams().streams();
          case RedisQuery.CheckedStreamGroups s -> streams().groups();
          case RedisQuery.CheckedStreamConsumers s -> streams().consumers();
          case RedisQuery.KeyGroups g -> keyGroups().groups();
          case RedisQuery.KeyGroupsPerDb g -> keyGroups().perDb();
          case RedisQuery.KeyGroupsDuration g -> keyGroups().duration();
        };
    List<String> columns =
        switch (q) {
          case RedisQuery.CheckedKeys k -> KEY_COLUMNS;
          case RedisQuery.CountedKeys k -> COUNT_COLUMNS;
          case RedisQuery.CheckedStreams s -> StreamRows.STREAM_COLUMNS;
          case RedisQuery.CheckedStreamGroups s -> StreamRows.GROUP_COLUMNS;
          case RedisQuery.CheckedStreamConsumers s -> StreamRows.CONSUMER_COLUMNS;
          case RedisQuery.KeyGroups g -> KeyGroupRows.GROUP_COLUMNS;
          case RedisQuery.KeyGroupsPerDb g -> KeyGroupRows.DB_COLUMNS;
          case RedisQuery.KeyGroupsDuration g -> KeyGroupRows.DURATION_COLUMNS;
        };
    boolean cut =
        switch (q) {
          case RedisQuery.CheckedKeys k -> truncated;
          case RedisQuery.CountedKeys k -> truncated;
          case RedisQuery.KeyGroups g -> keyGroups.truncated();
          case RedisQuery.KeyGroupsPerDb g -> keyGroups.truncated();
          case RedisQuery.KeyGroupsDuration g -> false;
          default -> streams.truncated();
        };
    return new ResultRows(columns, rows, cut);
  }

  private List<Object[]> checkedKeys() {
    List<Object[]> rows = new ArrayList<>();
    boolean values = config.option(RedisKeyOptions.EXPORT_KEY_VALUES);
    for (var item : RedisKeyOptions.of(config, RedisKeyOptions.CHECK_KEYS)) {
      inDb(item.db(), () -> describe(db(item.db()), scan(item.text(), null), values, rows));
    }
    for (var item : RedisKeyOptions.of(config, RedisKeyOptions.CHECK_SINGLE_KEYS)) {
      inDb(item.db(), () -> describe(db(item.db()), List.of(item.text()), values, rows));
    }
    return rows;
  }

  private List<Object[]> countedKeys() {
    List<Object[]> rows = new ArrayList<>();
    for (var item : RedisKeyOptions.of(config, RedisKeyOptions.COUNT_KEYS)) {
      int n = inDb(item.db(), () -> scan(item.text(), null).size());
      rows.add(new Object[] {db(item.db()), item.text(), (long) n});
    }
    return rows;
  }

  private StreamRows streams() {
    if (streams == null) {
      streams = new StreamRows();
      for (var item : RedisKeyOptions.of(config, RedisKeyOptions.CHECK_STREAMS)) {
        inDb(item.db(), () -> streams.add(jedis, db(item.db()), scan(item.text(), "stream")));
      }
      for (var item : RedisKeyOptions.of(config, RedisKeyOptions.CHECK_SINGLE_STREAMS)) {
        inDb(item.db(), () -> streams.add(jedis, db(item.db()), List.of(item.text())));
      }
      streams.truncated(truncated);
    }
    return streams;
  }

  private KeyGroupRows keyGroups() {
    if (keyGroups == null) {
      long start = System.nanoTime();
      List<String> patterns =
          RedisKeyOptions.groupPatterns(config.option(RedisKeyOptions.CHECK_KEY_GROUPS));
      keyGroups =
          new KeyGroupRows(patterns, config.option(RedisKeyOptions.MAX_DISTINCT_KEY_GROUPS));
      if (!patterns.isEmpty()) {
        for (int db : KeyGroupRows.databases(jedis.info("keyspace"))) {
          inDb(db, () -> keyGroups.add(jedis, "db" + db, scan("*", null)));
        }
        keyGroups.done(truncated, (System.nanoTime() - start) / 1_000_000);
      }
    }
    return keyGroups;
  }

  /** One row per key: its size by type, its memory and, for a string, its value. */
  private Void describe(String db, List<String> keys, boolean values, List<Object[]> rows) {
    try (Pipeline p = jedis.pipelined()) {
      describe(p, db, keys, values, rows);
    }
    return null;
  }

  private static void describe(
      Pipeline p, String db, List<String> keys, boolean values, List<Object[]> rows) {
    List<Response<String>> types = new ArrayList<>();
    List<Response<Long>> memory = new ArrayList<>();
    for (String k : keys) {
      types.add(p.type(k));
      memory.add(p.memoryUsage(k));
    }
    p.sync();
    List<Response<Long>> sizes = new ArrayList<>();
    List<Response<String>> strings = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      String k = keys.get(i);
      String type = types.get(i).get();
      sizes.add(
          switch (type) {
            case "string" -> p.strlen(k);
            case "list" -> p.llen(k);
            case "set" -> p.scard(k);
            case "zset" -> p.zcard(k);
            case "hash" -> p.hlen(k);
            case "stream" -> p.xlen(k);
            default -> null;
          });
      strings.add(values && type.equals("string") ? p.get(k) : null);
    }
    p.sync();
    for (int i = 0; i < keys.size(); i++) {
      String type = types.get(i).get();
      Long size = type.equals("none") ? Long.valueOf(0) : get(sizes.get(i));
      String text = strings.get(i) == null ? null : strings.get(i).get();
      Double number = number(text);
      boolean label = text != null && number == null && text.length() <= MAX_VALUE_LABEL;
      rows.add(
          new Object[] {
            db,
            keys.get(i),
            size,
            get(memory.get(i)),
            number,
            label ? text : null,
            label ? 1L : null
          });
    }
  }

  private static <T> T get(Response<T> r) {
    try {
      return r == null ? null : r.get();
    } catch (JedisDataException e) {
      return null;
    }
  }

  private static Double number(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Double.parseDouble(text.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The keys matching {@code pattern} (of {@code type}, when given), within the budget. */
  private List<String> scan(String pattern, String type) {
    Set<String> keys = new LinkedHashSet<>();
    String cursor = ScanParams.SCAN_POINTER_START;
    do {
      if (budget <= 0) {
        truncated = true;
        break;
      }
      int count = (int) Math.min(SCAN_COUNT, budget);
      ScanParams params = new ScanParams().match(pattern).count(count);
      ScanResult<String> r =
          type == null ? jedis.scan(cursor, params) : jedis.scan(cursor, params, type);
      budget -= count;
      keys.addAll(r.getResult());
      cursor = r.getCursor();
    } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    return new ArrayList<>(keys);
  }

  private String db(int db) {
    return "db" + (db < 0 ? home : db);
  }

  /** Runs {@code work} in database {@code db}, then selects the datasource's own again. */
  private <T> T inDb(int db, Supplier<T> work) {
    if (db < 0 || db == home) {
      return work.get();
    }
    jedis.select(db);
    try {
      return work.get();
    } finally {
      try {
        jedis.select(home);
      } catch (RuntimeException e) {
        // Not a data error: the session then closes this connection instead of reusing it in
        // the wrong database.
        throw new IllegalStateException("could not SELECT " + home + " again", e);
      }
    }
  }
}
