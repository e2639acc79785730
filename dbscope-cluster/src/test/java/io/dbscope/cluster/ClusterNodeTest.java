package io.dbscope.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dbscope.core.config.ClusterConfig;
import io.dbscope.core.config.Secret;
import io.dbscope.core.engine.DatasourceState;
import io.dbscope.core.metrics.SampleBatch;
import io.dbscope.testkit.FreePort;
import io.dbscope.testkit.RedisFixture;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several {@link ClusterNode}s in one JVM against a real redis-server: they share the datasources
 * without overlap, hand a datasource's state over when it moves (the counter continues), and fall
 * back to the last checkpoint when the owner vanished. The multi-process behaviour (kill -9, -STOP,
 * Redis down) is in dbscope-server's ClusterProcessTest.
 */
class ClusterNodeTest {
  private static final Duration LEASE = Duration.ofMillis(900);
  private static final List<String> NAMES =
      IntStream.range(0, 60).mapToObj(i -> "ds-" + i).toList();

  private final List<ClusterNode> nodes = new ArrayList<>();
  private RedisFixture redis;

  /** A counter that is the datasource's whole history: it must continue across moves. */
  static final class Counter implements DatasourceState {
    volatile long value;

    @Override
    public String stateId() {
      return "counter";
    }

    @Override
    public byte[] exportState() {
      return ByteBuffer.allocate(8).putLong(value).array();
    }

    @Override
    public void restoreState(byte[] bytes) {
      value = bytes.length == 8 ? ByteBuffer.wrap(bytes).getLong() : 0;
    }
  }

  /** One instance's fleet: the same names everywhere, its own counters. */
  record Fleet(Map<String, Counter> counters) implements ClusterNode.Datasources {
    Fleet() {
      this(new ConcurrentHashMap<>());
      NAMES.forEach(n -> counters.put(n, new Counter()));
    }

    @Override
    public Collection<String> names() {
      return NAMES;
    }

    @Override
    public List<DatasourceState> states(String name) {
      return List.of(counters.get(name));
    }
  }

  private ClusterConfig config(int port, Duration checkpoint) {
    return config(port, checkpoint, List.of(), Secret.of("pw"));
  }

  private ClusterConfig config(
      int port, Duration checkpoint, List<String> sentinels, Secret password) {
    return new ClusterConfig(
        sentinels.isEmpty() ? "127.0.0.1:" + redis.port() : "",
        "",
        password,
        false,
        sentinels,
        "mymaster",
        "test",
        URI.create("http://127.0.0.1:" + port),
        1.0,
        LEASE,
        Duration.ofMillis(300),
        checkpoint,
        Duration.ofSeconds(30));
  }

  private ClusterNode node(int port, Fleet fleet, Duration checkpoint) {
    ClusterNode n = new ClusterNode(config(port, checkpoint), fleet);
    nodes.add(n);
    n.start();
    return n;
  }

  @AfterEach
  void stop() {
    nodes.forEach(ClusterNode::close);
    if (redis != null) {
      redis.close();
    }
    extra.forEach(Process::destroyForcibly);
    replicas.forEach(RedisFixture::close);
  }

  private final List<Process> extra = new ArrayList<>();
  private final List<RedisFixture> replicas = new ArrayList<>();

  /**
   * Redis Sentinel (the same redis-server binary with --sentinel) in front of a primary and a
   * replica: the node finds the primary through it, and after the primary is killed it follows the
   * failover by itself, keeping its datasources meanwhile (the Redis-down grace).
   */
  @Test
  void joinsThroughSentinelAndFollowsAFailover(@TempDir Path tmp) throws Exception {
    redis = RedisFixture.system().start();
    RedisFixture replica =
        RedisFixture.system().option("replicaof", "127.0.0.1 " + redis.port()).start();
    replicas.add(replica);
    int sentinelPort = FreePort.find();
    Path conf =
        Files.writeString(
            tmp.resolve("sentinel.conf"),
            "port %d%nbind 127.0.0.1%ndir %s%nsentinel monitor mymaster 127.0.0.1 %d 1%n"
                    .formatted(sentinelPort, tmp, redis.port())
                + "sentinel down-after-milliseconds mymaster 1000\n"
                + "sentinel failover-timeout mymaster 3000\n");
    Process sentinel =
        new ProcessBuilder("redis-server", conf.toString(), "--sentinel")
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("sentinel.log").toFile())
            .start();
    extra.add(sentinel);
    assertThat(FreePort.awaitListening(sentinelPort, Duration.ofSeconds(10), sentinel)).isTrue();
    Fleet fleet = new Fleet();
    ClusterNode n =
        new ClusterNode(
            config(9, Duration.ofSeconds(60), List.of("127.0.0.1:" + sentinelPort), Secret.empty()),
            fleet);
    nodes.add(n);
    n.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> owned(n).size() == NAMES.size());
    // The replica is known to the sentinel before the primary goes.
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> Files.readString(tmp.resolve("sentinel.log")).contains("+slave"));

    redis.close(); // the primary is gone
    redis = null;
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> Files.readString(tmp.resolve("sentinel.log")).contains("+switch-master"));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> redisUp(n) && owned(n).size() == NAMES.size());
    assertThat(owned(n)).hasSize(NAMES.size());
  }

  private static boolean redisUp(ClusterNode n) {
    SampleBatch out = new SampleBatch();
    n.samples(out);
    return out.families().stream()
        .filter(f -> f.name().equals("dbscope_cluster_redis_up"))
        .anyMatch(f -> f.points().getFirst().value() == 1.0);
  }

  private static Set<String> owned(ClusterNode n) {
    Set<String> s = new HashSet<>();
    NAMES.stream().filter(n::ownsLocally).forEach(s::add);
    return s;
  }

  private static boolean partitioned(List<ClusterNode> live) {
    Set<String> all = new HashSet<>();
    int sum = 0;
    for (ClusterNode n : live) {
      Set<String> o = owned(n);
      sum += o.size();
      all.addAll(o);
    }
    return all.size() == NAMES.size() && sum == NAMES.size();
  }

  @Test
  void countersContinueAcrossGracefulMovesAndJoins() {
    redis = RedisFixture.system().password("pw").start();
    Fleet fa = new Fleet();
    Fleet fb = new Fleet();
    ClusterNode a = node(1, fa, Duration.ofMillis(400));
    ClusterNode b = node(2, fb, Duration.ofMillis(400));
    await().atMost(Duration.ofSeconds(10)).until(() -> partitioned(List.of(a, b)));
    assertThat(owned(a)).isNotEmpty();
    assertThat(owned(b)).isNotEmpty();
    assertThat(a.ownerOf("ds-1").orElseThrow().url())
        .isEqualTo(b.ownerOf("ds-1").orElseThrow().url());

    // Scrapes on a: its counters advance.
    Set<String> ofA = owned(a);
    ofA.forEach(d -> fa.counters().get(d).value = 1000 + d.hashCode() % 100);
    a.close();
    nodes.remove(a);
    await().atMost(Duration.ofSeconds(10)).until(() -> owned(b).size() == NAMES.size());
    for (String d : ofA) {
      assertThat(fb.counters().get(d).value).as(d).isEqualTo(1000 + d.hashCode() % 100);
    }
    assertThat(b.handoffs("taken")).isEqualTo(ofA.size());

    // A third node joins and takes some; b's counters for those go on in c.
    Fleet fc = new Fleet();
    ClusterNode c = node(3, fc, Duration.ofMillis(400));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !owned(c).isEmpty() && partitioned(List.of(b, c)));
    Set<String> ofC = owned(c);
    assertThat(ofC).isNotEmpty();
    for (String d : ofC) {
      long expected = ofA.contains(d) ? 1000 + d.hashCode() % 100 : 0;
      assertThat(fc.counters().get(d).value).as(d).isEqualTo(expected);
      await().atMost(Duration.ofSeconds(2)).until(() -> fb.counters().get(d).value == 0);
    }

    SampleBatch out = new SampleBatch();
    c.samples(out);
    assertThat(out.families())
        .extracting(SampleBatch.Family::name)
        .contains(
            "dbscope_cluster_members",
            "dbscope_cluster_datasources_owned",
            "dbscope_cluster_epoch",
            "dbscope_cluster_handoffs_total",
            "dbscope_cluster_lease_renew_failures_total",
            "dbscope_cluster_state_bytes",
            "dbscope_cluster_redis_up");
  }
}
