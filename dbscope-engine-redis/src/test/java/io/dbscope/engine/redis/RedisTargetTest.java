package io.dbscope.engine.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.definition.Definition;
import io.dbscope.core.engine.ConnectionsInUse;
import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.engine.Session;
import io.dbscope.core.engine.Target;
import io.dbscope.core.scrape.Deadline;
import io.dbscope.core.scrape.MonitoredDatasource;
import io.dbscope.testkit.ExpositionText;
import io.dbscope.testkit.RedisFixture;
import io.dbscope.testkit.Scraped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * How {@link RedisTarget} holds connections against a real server (the bundled Redis 6.2): lazily,
 * reused, replaced after a failure, bounded by {@code maxOpenConns}, and never waiting on a hanging
 * server past the caller's timeout. The server is hung with {@code CLIENT PAUSE}.
 */
class RedisTargetTest {
  private static final RedisEngine engine = new RedisEngine();
  private static RedisFixture redis;
  private static EngineResources resources;

  @BeforeAll
  static void start() {
    resources = EngineResources.create();
    redis = RedisFixture.bundled().start();
  }

  @AfterAll
  static void stop() {
    if (redis != null) {
      redis.close();
    }
    resources.close();
  }

  private static Definition info() {
    return engine.definitions().stream()
        .filter(d -> d.id().equals("info"))
        .findFirst()
        .orElseThrow();
  }

  /**
   * Hangs the server for every client. On 6.2 even {@code CLIENT UNPAUSE} waits for the pause to
   * end, so tests keep pauses short and let them run out.
   */
  private static long pause(long millis) {
    try (Jedis j = Fixtures.client(redis)) {
      j.sendCommand(() -> "CLIENT".getBytes(), "PAUSE", String.valueOf(millis), "ALL");
    }
    return System.nanoTime() + millis * 1_000_000;
  }

  private static void awaitEnd(long pauseEnd) throws InterruptedException {
    long left = pauseEnd - System.nanoTime();
    if (left > 0) {
      Thread.sleep(left / 1_000_000 + 50);
    }
  }

  private static double success(Map<String, String> collector, ExpositionText s) {
    return s.value("dbscope_collector_success", collector);
  }

  @Test
  void connectsLazilyAndReusesOneConnection() {
    DatasourceConfig cfg = Fixtures.config("lazy", redis).build();
    try (MonitoredDatasource md =
        new MonitoredDatasource(cfg, engine, engine.open(cfg, resources))) {
      assertThat(md.connectionsHeld()).isZero();

      ExpositionText first = Scraped.of(md.collect(Deadline.in(Duration.ofSeconds(5))));
      ExpositionText second = Scraped.of(md.collect(Deadline.in(Duration.ofSeconds(5))));

      assertThat(first.value("redis_up")).isEqualTo(1);
      assertThat(second.value("redis_up")).isEqualTo(1);
      assertThat(md.connectionsHeld()).isEqualTo(1);
      assertThat(second.value("dbscope_datasource_connections")).isEqualTo(1);
      // One connection for both scrapes: the server counted a single client connection from us.
      assertThat(second.value("redis_connected_clients")).isEqualTo(1);
    }
  }

  /**
   * The engine gives Jedis small buffers ({@link RedisEngine#JEDIS_BUFFERS}); a reply many times
   * the read buffer still arrives whole: CLIENT LIST of 150 named clients is about 45 KB.
   */
  @Test
  void aReplyManyTimesTheReadBufferIsReadWhole() {
    assertThat(System.getProperty("jedis.bufferSize.input")).isEqualTo("4096");
    DatasourceConfig cfg =
        Fixtures.config("clients", redis).optionalCollectors(List.of("client_list")).build();
    List<Jedis> clients = new ArrayList<>();
    try (MonitoredDatasource md =
        new MonitoredDatasource(cfg, engine, engine.open(cfg, resources))) {
      for (int i = 0; i < 150; i++) {
        Jedis j = Fixtures.client(redis);
        j.clientSetname("app-" + i);
        clients.add(j);
      }

      ExpositionText text = Scraped.of(md.collect(Deadline.in(Duration.ofSeconds(5))));

      assertThat(success(Map.of("collector", "client_list.info"), text)).isEqualTo(1);
      assertThat(text.samples("redis_connected_client_info"))
          .filteredOn(s -> s.labels().getOrDefault("name", "").startsWith("app-"))
          .hasSize(150);
    } finally {
      clients.forEach(Jedis::close);
    }
  }

  /**
   * An idle connection is checked with a PING in the same write as the scrape's commands: the
   * server reads once per scrape ({@code total_reads_processed}, Redis 6+), not once for the check
   * and once for the commands.
   */
  @Test
  void aReusedConnectionIsCheckedInTheScrapesOneRoundTrip() {
    DatasourceConfig cfg = Fixtures.config("one-trip", redis).build();
    try (MonitoredDatasource md =
        new MonitoredDatasource(cfg, engine, engine.open(cfg, resources))) {
      assertThat(Scraped.of(md.collect(Deadline.in(Duration.ofSeconds(5)))).value("redis_up"))
          .isEqualTo(1);
      // What reading the figure costs: the test's own client connects and sends INFO.
      long reading = -readsProcessed() + readsProcessed();
      long before = readsProcessed();
      for (int i = 0; i < 5; i++) {
        ExpositionText s = Scraped.of(md.collect(Deadline.in(Duration.ofSeconds(5))));
        assertThat(success(Map.of("collector", "info"), s)).isEqualTo(1);
      }
      long after = readsProcessed();

      assertThat(after - before - reading).isEqualTo(5);
      assertThat(md.connectionsHeld()).isEqualTo(1);
    }
  }

  private static long readsProcessed() {
    try (Jedis j = Fixtures.client(redis)) {
      String stats = j.info("stats");
      return stats
          .lines()
          .filter(l -> l.startsWith("total_reads_processed:"))
          .mapToLong(l -> Long.parseLong(l.substring(l.indexOf(':') + 1).strip()))
          .findFirst()
          .orElseThrow();
    }
  }

  @Test
  void reconnectsAfterTheServerDroppedTheConnection() {
    DatasourceConfig cfg = Fixtures.config("killed", redis).build();
    try (MonitoredDatasource md =
        new MonitoredDatasource(cfg, engine, engine.open(cfg, resources))) {
      assertThat(Scraped.of(md.collect(Deadline.in(Duration.ofSeconds(5)))).value("redis_up"))
          .isEqualTo(1);
      try (Jedis j = Fixtures.client(redis)) {
        j.sendCommand(() -> "CLIENT".getBytes(), "KILL", "TYPE", "normal", "SKIPME", "yes");
      }

      ExpositionText after = Scraped.of(md.collect(Deadline.in(Duration.ofSeconds(5))));

      assertThat(after.value("redis_up")).isEqualTo(1);
      assertThat(success(Map.of("collector", "info"), after)).isEqualTo(1);
      assertThat(md.connectionsHeld()).isEqualTo(1);
    }
  }

  /**
   * The server goes away while the pooled connection sits idle: the scrape's first write finds the
   * connection dead, connecting anew fails, and the datasource is down with no connection counted
   * (the dead one is not discarded twice).
   */
  @Test
  void aServerGoneWhileTheConnectionSatIdleIsDownAndHoldsNothing() {
    RedisFixture gone = RedisFixture.bundled().start();
    DatasourceConfig cfg = Fixtures.config("gone", gone).build();
    try (MonitoredDatasource md =
        new MonitoredDatasource(cfg, engine, engine.open(cfg, resources))) {
      assertThat(Scraped.of(md.collect(Deadline.in(Duration.ofSeconds(5)))).value("redis_up"))
          .isEqualTo(1);
      assertThat(md.connectionsHeld()).isEqualTo(1);
      gone.close();

      ExpositionText after = Scraped.of(md.collect(Deadline.in(Duration.ofSeconds(5))));

      assertThat(after.value("redis_up")).isZero();
      assertThat(md.connectionsHeld()).isZero();
    } finally {
      gone.close();
    }
  }

  @Test
  void aHangingServerCannotHoldACommandPastItsTimeout() throws Exception {
    DatasourceConfig cfg = Fixtures.config("hang", redis).build();
    try (Target target = engine.open(cfg, resources)) {
      Session s = target.open(Duration.ofSeconds(2));
      long pauseEnd = pause(1500);

      long t0 = System.nanoTime();
      assertThatThrownBy(() -> s.query(info(), Duration.ofMillis(300)))
          .hasRootCauseInstanceOf(java.net.SocketTimeoutException.class);
      Duration took = Duration.ofNanos(System.nanoTime() - t0);
      s.close();

      assertThat(took).isBetween(Duration.ofMillis(250), Duration.ofMillis(1500));
      // The timed-out connection is closed, not pooled.
      assertThat(target.connectionsHeld()).isZero();
      awaitEnd(pauseEnd);
    }
  }

  @Test
  void aHangingServerCannotHoldAScrapePastItsDeadlineAndTheNextScrapeRecovers()
      throws InterruptedException {
    DatasourceConfig cfg = Fixtures.config("deadline", redis).build();
    try (MonitoredDatasource md =
        new MonitoredDatasource(cfg, engine, engine.open(cfg, resources))) {
      assertThat(Scraped.of(md.collect(Deadline.in(Duration.ofSeconds(5)))).value("redis_up"))
          .isEqualTo(1);
      long pauseEnd = pause(1500);

      long t0 = System.nanoTime();
      ExpositionText hung = Scraped.of(md.collect(Deadline.in(Duration.ofMillis(700))));
      Duration took = Duration.ofNanos(System.nanoTime() - t0);
      awaitEnd(pauseEnd);
      // After a failed connection the scrape backs off; the health check probes and ends that.
      md.check();
      ExpositionText recovered = Scraped.of(md.collect(Deadline.in(Duration.ofSeconds(5))));

      assertThat(took).isLessThan(Duration.ofMillis(1200));
      assertThat(hung.value("redis_up")).isZero();
      assertThat(recovered.value("redis_up")).isEqualTo(1);
      for (Definition d : md.plan()) {
        assertThat(success(Map.of("collector", d.id()), recovered)).as(d.id()).isEqualTo(1);
      }
    }
  }

  @Test
  void maxOpenConnsBoundsTheSessionsAndClosingFreesThem() throws Exception {
    DatasourceConfig cfg = Fixtures.config("bounded", redis).maxOpenConns(1).build();
    Target target = engine.open(cfg, resources);
    Session first = target.open(Duration.ofSeconds(2));

    assertThatThrownBy(() -> target.open(Duration.ofMillis(200)))
        .isInstanceOf(ConnectionsInUse.class)
        .hasMessageContaining("all 1 connections to 127.0.0.1:" + redis.port() + "/0 are in use");

    first.close();
    try (Session again = target.open(Duration.ofSeconds(2))) {
      again.ping(Duration.ofSeconds(1));
    }
    assertThat(target.connectionsHeld()).isEqualTo(1);
    target.close();
    assertThat(target.connectionsHeld()).isZero();
    assertThatThrownBy(() -> target.open(Duration.ofSeconds(1))).hasMessageContaining("is closed");
  }

  @Test
  void noIdleConnectionsMeansOneConnectionPerSession() throws Exception {
    DatasourceConfig cfg = Fixtures.config("noidle", redis).maxIdleConns(0).build();
    try (Target target = engine.open(cfg, resources)) {
      try (Session s = target.open(Duration.ofSeconds(2))) {
        s.ping(Duration.ofSeconds(1));
        assertThat(target.connectionsHeld()).isEqualTo(1);
      }
      assertThat(target.connectionsHeld()).isZero();
    }
  }
}
