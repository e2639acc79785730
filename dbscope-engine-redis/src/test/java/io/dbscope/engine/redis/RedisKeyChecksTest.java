package io.dbscope.engine.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.config.EngineOptions;
import io.dbscope.core.definition.Definition;
import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.engine.ResultRows;
import io.dbscope.core.engine.Session;
import io.dbscope.core.engine.Target;
import io.dbscope.core.scrape.Deadline;
import io.dbscope.core.scrape.MonitoredDatasource;
import io.dbscope.testkit.ExpositionText;
import io.dbscope.testkit.RedisFixture;
import io.dbscope.testkit.Scraped;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XReadGroupParams;

/**
 * The key and stream checks on a real Redis 7, with the values redis_exporter 1.69 reported for the
 * same keys and flags (--check-keys, --check-single-keys, --count-keys, --check-streams,
 * --check-single-streams): sizes by type, memory, numeric and text values, counts, stream, group
 * and consumer figures, a check of another database, and the bound on SCAN.
 */
class RedisKeyChecksTest {
  private static final RedisEngine engine = new RedisEngine();
  private static RedisFixture redis;
  private static EngineResources resources;

  @BeforeAll
  static void start() {
    resources = EngineResources.create();
    redis = RedisFixture.system().start();
    try (Jedis j = Fixtures.client(redis)) {
      j.set("user:1", "hello");
      j.set("user:2", "world");
      j.set("counter", "42");
      j.rpush("mylist", "a", "b", "c");
      j.hset("h1", "a", "1");
      j.sadd("s1", "x", "y");
      j.xadd("mystream", StreamEntryID.NEW_ENTRY, Map.of("f", "v"));
      j.xgroupCreate("mystream", "g1", new StreamEntryID(), false);
      j.xreadGroup(
          "g1",
          "c1",
          XReadGroupParams.xReadGroupParams().count(1),
          Map.of("mystream", StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
      for (int i = 0; i < 50; i++) {
        j.set("bulk:" + i, "x");
      }
      j.select(1);
      j.set("other:1", "x");
    }
  }

  @AfterAll
  static void stop() {
    redis.close();
    resources.close();
  }

  private static DatasourceConfig config(EngineOptions options) {
    return Fixtures.config("keys", redis).options(options).build();
  }

  private static EngineOptions checks() {
    return EngineOptions.none()
        .with(RedisKeyOptions.CHECK_KEYS, "user:*, db1=other:*")
        .with(RedisKeyOptions.CHECK_SINGLE_KEYS, "mylist,h1,s1,counter,nokey")
        .with(RedisKeyOptions.COUNT_KEYS, "user:*,db1=*,bulk:*")
        .with(RedisKeyOptions.CHECK_STREAMS, "my*")
        .with(RedisKeyOptions.CHECK_SINGLE_STREAMS, "db1=nostream");
  }

  private static ExpositionText scrape(DatasourceConfig cfg) {
    try (MonitoredDatasource md =
        new MonitoredDatasource(cfg, engine, engine.open(cfg, resources))) {
      md.collect(Deadline.in(Duration.ofSeconds(10)));
      // A second collection on the same pooled connection: it must be back in db0.
      return Scraped.of(md.collect(Deadline.in(Duration.ofSeconds(10))));
    }
  }

  @Test
  void keysGiveTheExportersFamiliesAndValues() {
    ExpositionText s = scrape(config(checks()));
    assertThat(s.value("redis_key_size", Map.of("db", "db0", "key", "user:1"))).isEqualTo(5);
    assertThat(s.value("redis_key_size", Map.of("db", "db0", "key", "mylist"))).isEqualTo(3);
    assertThat(s.value("redis_key_size", Map.of("db", "db0", "key", "h1"))).isEqualTo(1);
    assertThat(s.value("redis_key_size", Map.of("db", "db0", "key", "s1"))).isEqualTo(2);
    assertThat(s.value("redis_key_size", Map.of("db", "db0", "key", "counter"))).isEqualTo(2);
    assertThat(s.value("redis_key_size", Map.of("db", "db0", "key", "nokey"))).isZero();
    assertThat(s.value("redis_key_size", Map.of("db", "db1", "key", "other:1"))).isEqualTo(1);
    assertThat(s.value("redis_key_memory_usage_bytes", Map.of("db", "db0", "key", "mylist")))
        .isPositive();
    assertThat(s.samples("redis_key_memory_usage_bytes", Map.of("key", "nokey"))).isEmpty();
    assertThat(s.value("redis_key_value", Map.of("db", "db0", "key", "counter"))).isEqualTo(42);
    assertThat(
            s.value(
                "redis_key_value_as_string", Map.of("db", "db0", "key", "user:1", "val", "hello")))
        .isEqualTo(1);
    assertThat(s.samples("redis_key_value_as_string")).hasSize(3); // user:1, user:2, other:1
    assertThat(s.value("redis_keys_count", Map.of("db", "db0", "key", "user:*"))).isEqualTo(2);
    assertThat(s.value("redis_keys_count", Map.of("db", "db1", "key", "*"))).isEqualTo(1);
    assertThat(s.value("redis_keys_count", Map.of("db", "db0", "key", "bulk:*"))).isEqualTo(50);
    assertThat(s.type("redis_key_size")).contains("gauge");
  }

  @Test
  void streamsGiveTheExportersFamilies() {
    ExpositionText s = scrape(config(checks()));
    Map<String, String> stream = Map.of("db", "db0", "stream", "mystream");
    assertThat(s.value("redis_stream_length", stream)).isEqualTo(1);
    assertThat(s.value("redis_stream_groups", stream)).isEqualTo(1);
    assertThat(s.value("redis_stream_radix_tree_keys", stream)).isEqualTo(1);
    assertThat(s.value("redis_stream_first_entry_id", stream))
        .isEqualTo(s.value("redis_stream_last_generated_id", stream))
        .isGreaterThan(1.6e12);
    assertThat(s.value("redis_stream_max_deleted_entry_id", stream)).isZero();
    Map<String, String> group = Map.of("stream", "mystream", "group", "g1");
    assertThat(s.value("redis_stream_group_consumers", group)).isEqualTo(1);
    assertThat(s.value("redis_stream_group_messages_pending", group)).isEqualTo(1);
    assertThat(s.value("redis_stream_group_entries_read", group)).isEqualTo(1);
    assertThat(s.value("redis_stream_group_lag", group)).isZero();
    Map<String, String> consumer = Map.of("group", "g1", "consumer", "c1");
    assertThat(s.value("redis_stream_group_consumer_messages_pending", consumer)).isEqualTo(1);
    assertThat(s.value("redis_stream_group_consumer_idle_seconds", consumer)).isNotNegative();
    // A single stream that does not exist gives no rows, and the collector still succeeds.
    assertThat(s.samples("redis_stream_length", Map.of("stream", "nostream"))).isEmpty();
    for (String id : new String[] {"check_keys", "count_keys", "check_streams"}) {
      assertThat(s.value("dbscope_collector_success", Map.of("collector", id))).isEqualTo(1);
    }
  }

  @Test
  void keyGroupsAreTheExportersFromLuaPatterns() {
    // A key belongs to the first pattern it matches (bulk:1 to bulk, not bulk1); the groups are
    // bulk, user1, user2, cu and the rest unclassified. With at most 3 by name, the two smallest
    // (a user group and cu) go to overflow.
    ExpositionText s =
        scrape(
            config(
                EngineOptions.none()
                    .with(RedisKeyOptions.CHECK_KEY_GROUPS, "^(bulk):,^(%a+):(%d),^(c)o(u)")
                    .with(RedisKeyOptions.MAX_DISTINCT_KEY_GROUPS, 3)));
    assertThat(s.value("redis_key_group_count", Map.of("db", "db0", "key_group", "bulk")))
        .isEqualTo(50);
    assertThat(s.value("redis_key_group_count", Map.of("db", "db0", "key_group", "unclassified")))
        .isEqualTo(4); // mylist, h1, s1, mystream
    assertThat(s.value("redis_key_group_count", Map.of("db", "db0", "key_group", "overflow")))
        .isEqualTo(2);
    assertThat(s.value("redis_key_group_count", Map.of("db", "db1", "key_group", "other1")))
        .isEqualTo(1);
    assertThat(
            s.value("redis_key_group_memory_usage_bytes", Map.of("db", "db0", "key_group", "bulk")))
        .isGreaterThan(50 * 10);
    assertThat(s.value("redis_number_of_distinct_key_groups", Map.of("db", "db0"))).isEqualTo(5);
    assertThat(s.value("redis_last_key_groups_scrape_duration_milliseconds")).isNotNegative();
  }

  @Test
  void valuesStayOutWhenTheDatasourceSaysSo() {
    ExpositionText s = scrape(config(checks().with(RedisKeyOptions.EXPORT_KEY_VALUES, false)));
    assertThat(s.samples("redis_key_value_as_string")).isEmpty();
    assertThat(s.samples("redis_key_value")).isEmpty();
    assertThat(s.value("redis_key_size", Map.of("db", "db0", "key", "user:1"))).isEqualTo(5);
  }

  @Test
  void withoutKeysNothingIsRead() {
    ExpositionText s = scrape(config(EngineOptions.none()));
    assertThat(s.samples("redis_key_size")).isEmpty();
    assertThat(s.samples("redis_keys_count")).isEmpty();
    assertThat(s.samples("redis_key_group_count")).isEmpty();
    assertThat(s.value("redis_last_key_groups_scrape_duration_milliseconds")).isZero();
    // Not planned at all: no query, and none of dbscope's per-collector series for it.
    assertThat(s.samples("dbscope_collector_success"))
        .extracting(sample -> sample.labels().get("collector"))
        .doesNotContain("check_keys", "count_keys", "check_streams", "key_groups")
        .contains("key_groups.duration");
  }

  @Test
  void scanningStopsAtMaxKeysScannedAndSaysSo() throws Exception {
    DatasourceConfig cfg =
        config(
            EngineOptions.none()
                .with(RedisKeyOptions.COUNT_KEYS, "bulk:*")
                .with(RedisKeyOptions.MAX_KEYS_SCANNED, 5));
    Definition count =
        engine.definitions().stream().filter(d -> d.id().equals("count_keys")).findFirst().get();
    try (Target target = engine.open(cfg, resources);
        Session session = target.open(Duration.ofSeconds(5))) {
      ResultRows rows = session.query(count, Duration.ofSeconds(5));
      assertThat(rows.truncated()).isTrue();
      assertThat((Long) rows.rows().getFirst()[2]).isLessThan(50);
    }
  }
}
