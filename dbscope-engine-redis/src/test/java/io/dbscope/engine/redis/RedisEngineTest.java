package io.dbscope.engine.redis;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.config.Secret;
import io.dbscope.core.definition.Definition;
import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.engine.ServerFacts;
import io.dbscope.core.scrape.Deadline;
import io.dbscope.core.scrape.MonitoredDatasource;
import io.dbscope.testkit.ExpositionText;
import io.dbscope.testkit.FreePort;
import io.dbscope.testkit.RedisFixture;
import io.dbscope.testkit.Scraped;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The built-in definitions against real servers: Debian's Redis 7 (with a password) and the bundled
 * Redis 6.2 (with the slow log and latency monitor switched on), each with a small workload in two
 * databases; collected and written as Prometheus text, then read back as a dashboard would.
 */
class RedisEngineTest {
  private static final String PASSWORD = "s3cret-Pw-4711";
  private static final String MONITOR_USER = "monitor";
  private static final String MONITOR_PASSWORD = "m0nitor-Pw-99";
  private static final RedisEngine engine = new RedisEngine();
  private static RedisFixture system;
  private static RedisFixture bundled;
  private static EngineResources resources;
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  @BeforeAll
  static void start() {
    resources = EngineResources.create();
    system = RedisFixture.system().password(PASSWORD).start();
    bundled =
        RedisFixture.bundled()
            .option("slowlog-log-slower-than", "0")
            .option("latency-monitor-threshold", "1")
            .start();
    workload(system);
    workload(bundled);
    try (Jedis j = Fixtures.client(system)) {
      // An ACL user that may not run CONFIG, as on managed services.
      j.aclSetUser(MONITOR_USER, "on", ">" + MONITOR_PASSWORD, "~*", "&*", "+@all", "-config");
    }
    try (Jedis j = Fixtures.client(bundled)) {
      // A 20 ms command: a latency event and a slow-log entry (DEBUG is allowed on 6.2).
      j.sendCommand(() -> "DEBUG".getBytes(), "SLEEP", "0.02");
    }
  }

  /** 5 keys in db0 (1 with a TTL), 2 in db1 (1 with a TTL), 7 SETs, 4 GETs, 1 error. */
  private static void workload(RedisFixture redis) {
    try (Jedis j = Fixtures.client(redis)) {
      for (int i = 1; i <= 5; i++) {
        j.set("k" + i, "v" + i);
      }
      j.expire("k1", 600);
      j.get("k1");
      j.get("k2");
      j.get("k3");
      j.get("missing");
      j.select(1);
      j.set("a", "1");
      j.set("b", "2");
      j.expire("a", 300);
      try {
        j.sendCommand(() -> "NOSUCHCOMMAND".getBytes());
      } catch (JedisDataException expected) {
        // counted in errorstats as ERR
      }
    }
  }

  @AfterAll
  static void stop() {
    if (system != null) {
      system.close();
    }
    if (bundled != null) {
      bundled.close();
    }
    resources.close();
  }

  @BeforeEach
  void captureLogs() {
    logs.start();
    root().addAppender(logs);
  }

  @AfterEach
  void releaseLogs() {
    root().detachAppender(logs);
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  private record Collected(MonitoredDatasource datasource, ExpositionText scrape) {}

  private static Collected collect(DatasourceConfig cfg) {
    try (MonitoredDatasource md =
        new MonitoredDatasource(cfg, engine, engine.open(cfg, resources))) {
      return new Collected(md, Scraped.of(md.collect(Deadline.in(Duration.ofSeconds(10)))));
    }
  }

  private static void assertCommunityFamilies(Collected c, String versionPrefix) {
    ExpositionText s = c.scrape();
    List<Definition> plan = c.datasource().plan();
    assertThat(plan).extracting(Definition::id).doesNotContain("replica_link", "replica_info");
    // Off by default (optionalCollectors), for Redis 7+ only, or for keys this datasource does
    // not set (the key and stream checks' option: tags).
    Set<String> notPlanned =
        versionPrefix.startsWith("6.")
            ? Set.of(
                "latency_histogram",
                "latency_histogram.sum",
                "latency_percentiles",
                "latency_percentiles.sum")
            : Set.of();
    assertThat(plan)
        .hasSize(
            (int)
                    engine.definitions().stream()
                        .filter(Definition::defaultEnabled)
                        .filter(d -> !notPlanned.contains(d.id()))
                        .filter(d -> d.tags().stream().noneMatch(t -> t.startsWith("option:")))
                        .count()
                - 2);
    assertThat(plan)
        .extracting(Definition::id)
        .doesNotContain("check_keys", "count_keys", "check_streams", "key_groups");
    for (Definition d : plan) {
      assertThat(s.value("dbscope_collector_success", Map.of("collector", d.id())))
          .as("collector %s succeeded", d.id())
          .isEqualTo(1);
    }
    assertThat(s.value("redis_up")).isEqualTo(1);
    assertThat(s.value("redis_db_keys", Map.of("db", "db0"))).isEqualTo(5);
    assertThat(s.value("redis_db_keys", Map.of("db", "db1"))).isEqualTo(2);
    assertThat(s.value("redis_db_keys", Map.of("db", "db15"))).isZero();
    assertThat(s.value("redis_db_keys_expiring", Map.of("db", "db0"))).isEqualTo(1);
    // An estimate Redis updates while sampling keys: 0 until it has sampled.
    assertThat(s.value("redis_db_avg_ttl_seconds", Map.of("db", "db0"))).isBetween(0.0, 600.0);
    assertThat(s.value("redis_commands_total", Map.of("cmd", "set"))).isGreaterThanOrEqualTo(7);
    assertThat(s.value("redis_commands_total", Map.of("cmd", "get"))).isGreaterThanOrEqualTo(4);
    assertThat(s.value("redis_commands_duration_seconds_total", Map.of("cmd", "set"))).isPositive();
    assertThat(s.value("redis_errors_total", Map.of("err", "ERR"))).isGreaterThanOrEqualTo(1);
    assertThat(s.value("redis_keyspace_hits_total")).isGreaterThanOrEqualTo(3);
    assertThat(s.value("redis_keyspace_misses_total")).isGreaterThanOrEqualTo(1);
    assertThat(s.value("redis_connected_clients")).isGreaterThanOrEqualTo(1);
    assertThat(s.value("redis_memory_used_bytes")).isPositive();
    assertThat(s.value("redis_rdb_last_bgsave_status")).isEqualTo(1);
    assertThat(s.value("redis_config_maxclients")).isEqualTo(10000);
    assertThat(s.value("redis_config_maxmemory")).isZero();
    assertThat(s.value("redis_config_io_threads")).isEqualTo(1);
    assertThat(
            s.value(
                "redis_config_client_output_buffer_limit_bytes",
                Map.of("class", "pubsub", "limit", "hard")))
        .isEqualTo(33554432);
    assertThat(s.value("redis_slowlog_length")).isGreaterThanOrEqualTo(0);
    assertThat(s.value("redis_start_time_seconds"))
        .isBetween(System.currentTimeMillis() / 1000.0 - 120, System.currentTimeMillis() / 1000.0);

    Map<String, String> info = s.only("redis_instance_info", Map.of()).orElseThrow().labels();
    assertThat(info)
        .containsKeys(
            "datasource",
            "role",
            "redis_version",
            "redis_build_id",
            "redis_mode",
            "os",
            "maxmemory_policy",
            "tcp_port",
            "run_id",
            "process_id",
            "master_replid")
        .containsEntry("role", "master")
        .containsEntry("redis_mode", "standalone")
        .containsEntry("maxmemory_policy", "noeviction");
    assertThat(info.get("redis_version")).startsWith(versionPrefix);
    assertThat(c.datasource().facts().orElseThrow().role()).isEqualTo(ServerFacts.Role.PRIMARY);

    assertThat(s.types())
        .containsEntry("redis_up", "gauge")
        .containsEntry("redis_db_keys", "gauge")
        .containsEntry("redis_instance_info", "gauge")
        .containsEntry("redis_memory_used_bytes", "gauge")
        .containsEntry("redis_total_error_replies", "counter")
        .containsEntry("redis_commands_total", "counter")
        .containsEntry("redis_commands_processed_total", "counter")
        .containsEntry("redis_errors_total", "counter");
  }

  @Test
  void redis7WithPasswordHasTheCommunityFamilies() {
    Collected c = collect(Fixtures.config("sys", system).build());

    assertCommunityFamilies(c, "7.");
    ExpositionText s = c.scrape();
    assertThat(s.value("redis_instance_info", Map.of("tcp_port", String.valueOf(system.port()))))
        .isEqualTo(1);
    assertThat(s.value("redis_commands_rejected_calls_total", Map.of("cmd", "set"))).isZero();
    assertThat(s.text()).doesNotContain(PASSWORD);
  }

  @Test
  void redis62HasTheCommunityFamiliesSlowlogAndLatency() {
    Collected c = collect(Fixtures.config("bundled", bundled).build());

    assertCommunityFamilies(c, "6.2.");
    ExpositionText s = c.scrape();
    assertThat(s.value("redis_slowlog_length")).isPositive();
    assertThat(s.value("redis_slowlog_last_id")).isPositive();
    // The newest slow-log entry: with slowlog-log-slower-than 0 every command is logged, and the
    // newest may have taken less than a microsecond, which Redis reports as 0.
    assertThat(s.value("redis_last_slow_execution_duration_seconds")).isBetween(0.0, 10.0);
    // The latest spike, not the largest: on a loaded machine a later command above the 1 ms
    // threshold replaces the 20 ms one, so only "a spike was measured, in seconds" is stable.
    assertThat(s.value("redis_latency_spike_duration_seconds", Map.of("event_name", "command")))
        .isPositive()
        .isLessThan(10);
    assertThat(s.value("redis_latency_spike_last", Map.of("event_name", "command"))).isPositive();
  }

  @Test
  void aDatabaseIndexSelectsThatDatabaseAndChangesNothingElse() {
    Collected c = collect(Fixtures.config("db1", bundled).database("1").build());

    assertThat(c.scrape().value("redis_up")).isEqualTo(1);
    assertThat(c.scrape().value("redis_db_keys", Map.of("db", "db1"))).isEqualTo(2);
  }

  @Test
  void aWrongPasswordIsUpZeroWithAReadableReasonAndNoPassword() {
    String wrong = "wrong-Pw-0815";
    DatasourceConfig cfg = Fixtures.config("sys", system).password(Secret.of(wrong)).build();

    Collected c = collect(cfg);

    assertThat(c.scrape().value("redis_up")).isZero();
    assertThat(c.scrape().value("dbscope_datasource_up")).isZero();
    assertThat(c.datasource().lastError()).contains("WRONGPASS").doesNotContain(wrong, PASSWORD);
    assertThat(c.scrape().text()).doesNotContain(wrong).doesNotContain(PASSWORD);
    assertThat(logs.list).isNotEmpty();
    assertThat(logs.list)
        .allSatisfy(
            e ->
                assertThat(e.getFormattedMessage()).doesNotContain(wrong).doesNotContain(PASSWORD));
  }

  @Test
  void noPasswordForAServerThatNeedsOneIsUpZero() {
    Collected c = collect(Fixtures.config("sys", system).password(Secret.empty()).build());

    assertThat(c.scrape().value("redis_up")).isZero();
    assertThat(c.datasource().lastError()).containsIgnoringCase("auth");
  }

  @Test
  void aClosedPortIsUpZeroWithinTheConnectTimeout() {
    DatasourceConfig cfg =
        Fixtures.config("gone", bundled)
            .port(FreePort.find())
            .connectTimeout(Duration.ofSeconds(1))
            .build();

    long t0 = System.nanoTime();
    Collected c = collect(cfg);
    Duration took = Duration.ofNanos(System.nanoTime() - t0);

    assertThat(c.scrape().value("redis_up")).isZero();
    assertThat(c.datasource().lastError()).containsIgnoringCase("refused");
    assertThat(took).isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void aPeerThatNeverAnswersIsUpZeroWithinTheConnectTimeout() throws Exception {
    // Accepts TCP connections (the kernel does) and never says a word.
    try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      DatasourceConfig cfg =
          Fixtures.config("silent", bundled)
              .port(silent.getLocalPort())
              .connectTimeout(Duration.ofMillis(500))
              .build();

      long t0 = System.nanoTime();
      Collected c = collect(cfg);
      Duration took = Duration.ofNanos(System.nanoTime() - t0);

      assertThat(c.scrape().value("redis_up")).isZero();
      assertThat(took).isLessThan(Duration.ofMillis(1500));
    }
  }

  @Test
  void aRedisUrlWithCredentialsAndDatabase() {
    DatasourceConfig cfg =
        Fixtures.config("url", system)
            .password(Secret.empty())
            .url(
                java.net.URI.create(
                    "redis://default:" + PASSWORD + "@127.0.0.1:" + system.port() + "/1"))
            .build();

    Collected c = collect(cfg);

    assertThat(c.scrape().value("redis_up")).isEqualTo(1);
    assertThat(c.scrape().value("dbscope_collector_success", Map.of("collector", "info")))
        .isEqualTo(1);
  }

  @Test
  void aRedissUrlSpeaksTlsAndFailsAgainstAPlainServer() {
    DatasourceConfig cfg =
        Fixtures.config("tls", bundled)
            .url(java.net.URI.create("rediss://127.0.0.1:" + bundled.port()))
            .connectTimeout(Duration.ofMillis(500))
            .build();

    Collected c = collect(cfg);

    assertThat(c.scrape().value("redis_up")).isZero();
    assertThat(c.datasource().lastError()).isNotBlank();
  }

  @Test
  void anAclUserWithoutConfigFailsOnlyTheConfigCollectors() {
    DatasourceConfig cfg =
        Fixtures.config("acl", system)
            .user(MONITOR_USER)
            .password(Secret.of(MONITOR_PASSWORD))
            .build();

    Collected c = collect(cfg);

    ExpositionText s = c.scrape();
    assertThat(s.value("redis_up")).isEqualTo(1);
    List<String> configCollectors =
        List.of("config", "config_io_threads", "config_client_output_buffer_limit");
    for (Definition d : c.datasource().plan()) {
      assertThat(s.value("dbscope_collector_success", Map.of("collector", d.id())))
          .as(d.id())
          .isEqualTo(configCollectors.contains(d.id()) ? 0 : 1);
    }
    assertThat(s.only("redis_config_maxclients", Map.of())).isEmpty();
    // Without CONFIG the keyspace assumes Redis' default of 16 databases.
    assertThat(s.value("redis_db_keys", Map.of("db", "db15"))).isZero();
    assertThat(s.value("redis_db_keys", Map.of("db", "db0"))).isEqualTo(5);
    assertThat(logs.list)
        .allSatisfy(e -> assertThat(e.getFormattedMessage()).doesNotContain(MONITOR_PASSWORD));
  }
}
