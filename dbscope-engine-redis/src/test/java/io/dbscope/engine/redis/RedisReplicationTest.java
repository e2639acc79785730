package io.dbscope.engine.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.definition.Definition;
import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.engine.ServerFacts;
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

/**
 * A primary and a replica (two bundled Redis 6.2 servers, linked with {@code REPLICAOF}): the
 * primary reports its connected replica, the replica its link, with redis_exporter's labels.
 */
class RedisReplicationTest {
  private static final RedisEngine engine = new RedisEngine();
  private static RedisFixture primary;
  private static RedisFixture replica;
  private static EngineResources resources;

  @BeforeAll
  static void start() throws InterruptedException {
    resources = EngineResources.create();
    primary = RedisFixture.bundled().start();
    replica = RedisFixture.bundled().start();
    try (Jedis p = Fixtures.client(primary);
        Jedis r = Fixtures.client(replica)) {
      p.set("replicated", "yes");
      r.replicaof(primary.host(), primary.port());
      await(() -> r.info("replication").contains("master_link_status:up"), r);
      // A write after the sync moves the offsets; the replica acknowledges it within a second.
      p.set("after-sync", "yes");
      await(() -> SLAVE_OFFSET.matcher(p.info("replication")).find(), p);
    }
  }

  private static final java.util.regex.Pattern SLAVE_OFFSET =
      java.util.regex.Pattern.compile("slave0:.*state=online,offset=[1-9]");

  private static void await(java.util.function.BooleanSupplier done, Jedis j)
      throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new IllegalStateException("replication did not come up:\n" + j.info("replication"));
      }
      Thread.sleep(50);
    }
  }

  @AfterAll
  static void stop() {
    if (replica != null) {
      replica.close();
    }
    if (primary != null) {
      primary.close();
    }
    resources.close();
  }

  private static MonitoredDatasource datasource(String name, RedisFixture redis) {
    DatasourceConfig cfg = Fixtures.config(name, redis).build();
    return new MonitoredDatasource(cfg, engine, engine.open(cfg, resources));
  }

  private static void allSucceeded(MonitoredDatasource md, ExpositionText s) {
    for (Definition d : md.plan()) {
      assertThat(s.value("dbscope_collector_success", Map.of("collector", d.id())))
          .as(d.id())
          .isEqualTo(1);
    }
  }

  @Test
  void thePrimaryReportsItsReplica() {
    try (MonitoredDatasource md = datasource("primary", primary)) {
      ExpositionText s = Scraped.of(md.collect(Deadline.in(Duration.ofSeconds(10))));

      allSucceeded(md, s);
      Map<String, String> replicaLabels =
          Map.of(
              "slave_ip", "127.0.0.1",
              "slave_port", String.valueOf(replica.port()),
              "slave_state", "online");
      assertThat(s.value("redis_connected_slaves")).isEqualTo(1);
      assertThat(s.value("redis_connected_slave_offset_bytes", replicaLabels)).isPositive();
      assertThat(s.value("redis_connected_slave_lag_seconds", replicaLabels)).isBetween(0.0, 5.0);
      assertThat(s.only("redis_slave_info", Map.of())).isEmpty();
      assertThat(s.only("redis_master_link_up", Map.of())).isEmpty();
    }
  }

  @Test
  void theReplicaReportsItsLinkAndIsPlannedAsReplica() {
    try (MonitoredDatasource md = datasource("replica", replica)) {
      ExpositionText s = Scraped.of(md.collect(Deadline.in(Duration.ofSeconds(10))));

      assertThat(md.facts().orElseThrow().role()).isEqualTo(ServerFacts.Role.REPLICA);
      assertThat(md.plan()).extracting(Definition::id).contains("replica_link", "replica_info");
      allSucceeded(md, s);
      Map<String, String> master =
          Map.of("master_host", "127.0.0.1", "master_port", String.valueOf(primary.port()));
      assertThat(s.value("redis_master_link_up", master)).isEqualTo(1);
      assertThat(s.value("redis_master_sync_in_progress", master)).isZero();
      assertThat(s.value("redis_master_last_io_seconds_ago", master)).isBetween(-1.0, 10.0);
      assertThat(s.value("redis_slave_repl_offset", master)).isPositive();
      assertThat(s.value("redis_slave_info", Map.of("read_only", "1"))).isEqualTo(1);
      assertThat(s.only("redis_instance_info", Map.of("role", "slave"))).isPresent();
      assertThat(s.value("redis_db_keys", Map.of("db", "db0"))).isEqualTo(2);
    }
  }
}
