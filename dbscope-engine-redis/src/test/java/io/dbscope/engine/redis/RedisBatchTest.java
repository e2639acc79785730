package io.dbscope.engine.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.config.Secret;
import io.dbscope.core.definition.Definition;
import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.engine.Meanwhile;
import io.dbscope.core.engine.ResultRows;
import io.dbscope.core.engine.RowMapper;
import io.dbscope.core.engine.ServerFacts;
import io.dbscope.core.engine.Session;
import io.dbscope.core.engine.Target;
import io.dbscope.core.scrape.Planner;
import io.dbscope.testkit.RedisFixture;
import io.dbscope.testkit.Series;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * All due commands of a scrape sent at once and read together (one round trip), against a real
 * Redis 7 (Debian's) and the bundled Redis 6.2 with the slow log and latency monitor on: the same
 * series as one command per collector; an error reply fails the batch and leaves the connection
 * usable.
 */
class RedisBatchTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final RedisEngine engine = new RedisEngine();
  private static RedisFixture system;
  private static RedisFixture bundled;
  private static EngineResources resources;

  @BeforeAll
  static void start() {
    resources = EngineResources.create();
    system = RedisFixture.system().start();
    bundled =
        RedisFixture.bundled()
            .option("slowlog-log-slower-than", "0")
            .option("latency-monitor-threshold", "1")
            .start();
    for (RedisFixture r : List.of(system, bundled)) {
      try (Jedis j = Fixtures.client(r)) {
        j.set("k", "v");
        j.select(1);
        j.set("a", "1");
      }
    }
    try (Jedis j = Fixtures.client(bundled)) {
      j.sendCommand(() -> "DEBUG".getBytes(), "SLEEP", "0.02");
    }
    try (Jedis j = Fixtures.client(system)) {
      j.aclSetUser("noconfig", "on", ">noconfig", "~*", "&*", "+@all", "-config");
    }
  }

  @AfterAll
  static void stop() {
    for (RedisFixture r : new RedisFixture[] {system, bundled}) {
      if (r != null) {
        r.close();
      }
    }
    resources.close();
  }

  @Test
  void theBatchGivesTheSameSeriesAsOneCommandPerCollector() throws Exception {
    for (RedisFixture r : List.of(system, bundled)) {
      DatasourceConfig cfg = Fixtures.config("cache", r).build();
      try (Target target = engine.open(cfg, resources);
          Session batchSession = target.open(TIMEOUT)) {
        ServerFacts facts = batchSession.facts(TIMEOUT);
        List<Definition> plan = Planner.of(engine).plan(engine.definitions(), facts, cfg);
        Map<String, ResultRows> batched = batchSession.batch(plan, TIMEOUT).orElseThrow();
        assertThat(batched.keySet()).hasSameSizeAs(plan);
        RowMapper mapper = new RowMapper();
        int series = 0;
        try (Session single = target.open(TIMEOUT)) {
          for (Definition d : plan) {
            Map<String, Set<String>> alone = Series.of(mapper, d, single.query(d, TIMEOUT));
            Map<String, Set<String>> together = Series.of(mapper, d, batched.get(d.id()));
            if (COUNTS_COMMANDS.contains(d.id())) {
              // The later single read also counts the commands the batch itself sent.
              assertThat(together.keySet()).as(d.id()).isEqualTo(alone.keySet());
              together.forEach(
                  (family, sets) -> assertThat(alone.get(family)).as(family).containsAll(sets));
            } else {
              assertThat(together).as("series of %s, batched vs alone", d.id()).isEqualTo(alone);
            }
            series += alone.values().stream().mapToInt(Set::size).sum();
          }
        }
        assertThat(series).isGreaterThan(100);
        assertThat(batched.get("latency").rows())
            .as("latency events on the bundled Redis")
            .hasSizeGreaterThanOrEqualTo(r == bundled ? 1 : 0);
      }
    }
  }

  @Test
  void anErrorReplyFailsTheBatchAndTheConnectionStaysUsable() throws Exception {
    DatasourceConfig cfg =
        Fixtures.config("cache", system).user("noconfig").password(Secret.of("noconfig")).build();
    try (Target target = engine.open(cfg, resources);
        Session session = target.open(TIMEOUT)) {
      ServerFacts facts = session.facts(TIMEOUT);
      List<Definition> plan = Planner.of(engine).plan(engine.definitions(), facts, cfg);
      assertThat(plan).extracting(Definition::id).contains("config");
      assertThatThrownBy(() -> session.batch(plan, TIMEOUT))
          .isInstanceOf(JedisDataException.class)
          .hasMessageContaining("NOPERM");
      // Every reply was read: the next command gets its own answer, not a stale one.
      session.ping(TIMEOUT);
      Definition info = plan.stream().filter(d -> d.id().equals("info")).findFirst().orElseThrow();
      assertThat(session.query(info, TIMEOUT).rows()).isNotEmpty();
    }
  }

  /**
   * The scrape's own work runs once the batch's commands are on their way: the server has counted
   * them while it runs, before the session reads a reply.
   */
  @Test
  void theScrapesOwnWorkRunsOnceTheCommandsAreSent() throws Exception {
    DatasourceConfig cfg = Fixtures.config("cache", system).build();
    try (Target target = engine.open(cfg, resources);
        Session session = target.open(TIMEOUT);
        Jedis watcher = Fixtures.client(system)) {
      ServerFacts facts = session.facts(TIMEOUT);
      List<Definition> plan = Planner.of(engine).plan(engine.definitions(), facts, cfg);
      long before = calls(watcher, "slowlog|len");
      long[] during = {-1};
      Meanwhile meanwhile =
          new Meanwhile(
              () -> {
                long until = System.nanoTime() + TIMEOUT.toNanos();
                while (calls(watcher, "slowlog|len") == before && System.nanoTime() < until) {
                  Thread.onSpinWait();
                }
                during[0] = calls(watcher, "slowlog|len");
              });
      Map<String, ResultRows> rows = session.batch(plan, TIMEOUT, meanwhile).orElseThrow();
      assertThat(during[0]).as("SLOWLOG LEN counted while the work ran").isEqualTo(before + 1);
      assertThat(meanwhile.spentNanos()).isPositive();
      assertThat(rows.keySet()).hasSameSizeAs(plan);
      assertThat(rows.get("slowlog_length").rows()).hasSize(1);
    }
  }

  /** How many calls of {@code command} the server has counted. */
  private static long calls(Jedis j, String command) {
    String prefix = "cmdstat_" + command + ":calls=";
    return j.info("commandstats")
        .lines()
        .filter(l -> l.startsWith(prefix))
        .mapToLong(l -> Long.parseLong(l.substring(prefix.length(), l.indexOf(','))))
        .findFirst()
        .orElse(0);
  }

  /** Collectors whose label sets are the commands run so far, the batch's own among them. */
  private static final Set<String> COUNTS_COMMANDS =
      Set.of(
          "commandstats",
          "errorstats",
          "latency_histogram",
          "latency_histogram.sum",
          "latency_percentiles",
          "latency_percentiles.sum");
}
