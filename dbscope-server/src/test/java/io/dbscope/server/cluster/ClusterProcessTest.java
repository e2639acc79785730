package io.dbscope.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbscope.testkit.RedisFixture;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19's cluster, for real: a redis-server for the cluster, three redis-servers behind 300
 * logical Redis datasources, and dbscope instances as separate processes sharing them. One run
 * walks through the list, while a watcher polls every instance's {@code /api/v1/cluster}
 * every 100 ms and keeps the longest time any datasource was owned by two live instances:
 *
 * <ol>
 *   <li>three instances cover every datasource exactly once; {@code /sd} of each is the same whole
 *       map; {@code /probe} on a non-owner redirects to the owner;
 *   <li>a fourth joins: 25 % ± 5 % of the datasources move, all to it;
 *   <li>{@code kill -9} of one: every datasource is owned again within two leases;
 *   <li>{@code kill -STOP} of one for two leases, then {@code -CONT}: it fences itself, the others
 *       take over, it rejoins;
 *   <li>the cluster's Redis stopped ({@code kill -STOP}) for several leases, then back: every
 *       datasource stays owned throughout;
 *   <li>SIGTERM: a graceful leave;
 * </ol>
 *
 * and, all along, no datasource owned by two live instances for a lease or longer. The issue's
 * Redis outage is 30 s; here it is {@code dbscope.test.redisDownSeconds} (default 6, three leases)
 * to keep the suite short: nothing in the design depends on the length below redisDownGrace.
 */
class ClusterProcessTest {
  private static final Duration LEASE = Duration.ofSeconds(2);
  private static final int DATASOURCES = 300;
  private static final long REDIS_DOWN_SECONDS = Long.getLong("dbscope.test.redisDownSeconds", 6);

  @TempDir Path dir;

  private final List<AutoCloseable> closing = new ArrayList<>();
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofMillis(500))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
  private final ObjectMapper json = new ObjectMapper();
  private final List<DbscopeProcess> live = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Set<DbscopeProcess> paused = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final AtomicLong maxOverlapMillis = new AtomicLong();
  private volatile boolean watching = true;
  private volatile boolean mustStayCovered;
  private volatile String uncoveredWhileRequired;
  private volatile long coveredSince;

  @AfterEach
  void stop() throws Exception {
    watching = false;
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
    // The instances' logs, for a failure's post-mortem.
    Path keep = Path.of("target", "cluster-logs");
    Files.createDirectories(keep);
    try (var logs = Files.newDirectoryStream(dir, "dbscope-*.log")) {
      for (Path l : logs) {
        Files.copy(
            l, keep.resolve(l.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  private <T extends AutoCloseable> T closeLater(T c) {
    closing.add(c);
    return c;
  }

  @Test
  void sharesTheDatasourcesThroughKillsPausesJoinsAndARedisOutage() throws Exception {
    RedisFixture store = closeLater(RedisFixture.system().start());
    List<RedisFixture> servers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      servers.add(closeLater(RedisFixture.system().start()));
    }
    Path config = writeConfig(store, servers);

    List<DbscopeProcess> first = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      first.add(launch(config));
    }
    first.forEach(p -> p.awaitListening(Duration.ofSeconds(60)));
    Map<String, String> initial = awaitStable(Duration.ofSeconds(30), 3);

    // /sd: the whole map on every instance, each datasource once on its owner.
    List<Map<String, String>> sds = new ArrayList<>();
    for (DbscopeProcess p : first) {
      sds.add(sd(p));
    }
    assertThat(sds).allSatisfy(m -> assertThat(m).hasSize(DATASOURCES));
    assertThat(sds.get(1)).isEqualTo(sds.get(0));
    assertThat(sds.get(2)).isEqualTo(sds.get(0));
    initial.forEach((d, owner) -> assertThat("http://" + sds.get(0).get(d)).as(d).isEqualTo(owner));

    // /probe on a non-owner: a redirect to the owner, which scrapes it.
    String someDs = "r-007";
    String owner = initial.get(someDs);
    DbscopeProcess other = first.stream().filter(p -> !p.url().equals(owner)).findFirst().get();
    HttpResponse<String> redirect = get(other.url() + "/probe?target=" + someDs);
    assertThat(redirect.statusCode()).isEqualTo(307);
    String location = redirect.headers().firstValue("Location").orElseThrow();
    assertThat(location).isEqualTo(owner + "/probe?target=" + someDs + "&hop=1");
    HttpResponse<String> probe = get(location);
    assertThat(probe.statusCode()).isEqualTo(200);
    assertThat(probe.body()).contains("redis_up");
    assertThat(get(other.url() + "/probe?target=" + someDs + "&hop=1").statusCode()).isEqualTo(404);
    assertThat(get(other.url() + "/metrics").body())
        .contains("dbscope_cluster_members{cluster=\"it\"} 3.0")
        .contains("dbscope_cluster_redis_up{cluster=\"it\"} 1.0");

    Thread watcher = Thread.ofPlatform().daemon().start(this::watch);

    // A fourth instance joins: about a quarter moves, all of it to the newcomer.
    DbscopeProcess fourth = launch(config);
    fourth.awaitListening(Duration.ofSeconds(60));
    Map<String, String> joined = awaitStable(Duration.ofSeconds(30), 4);
    int moved = 0;
    for (var e : initial.entrySet()) {
      if (!e.getValue().equals(joined.get(e.getKey()))) {
        moved++;
        assertThat(joined.get(e.getKey())).as(e.getKey()).isEqualTo(fourth.url());
      }
    }
    // The members' names hold random ports, so the count moved is Binomial(300, 1/4): mean 75,
    // sd 7.5. Four sd either side fails once in 20,000 runs; the old ±2 sd failed one in 26.
    assertThat(moved / (double) DATASOURCES).isBetween(0.15, 0.35);

    // kill -9: everything is owned again within two leases.
    DbscopeProcess killed = first.get(0);
    live.remove(killed);
    long t0 = System.nanoTime();
    killed.signal("KILL");
    await()
        .atMost(LEASE.multipliedBy(2))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> covered(owned(live)));
    long recoveryMillis = (System.nanoTime() - t0) / 1_000_000;
    awaitStable(Duration.ofSeconds(20), 3);

    // kill -STOP for two leases: the others take over; after -CONT it fences, then rejoins.
    DbscopeProcess frozen = first.get(1);
    paused.add(frozen);
    frozen.signal("STOP");
    Thread.sleep(LEASE.multipliedBy(2));
    assertThat(covered(owned(live.stream().filter(p -> !paused.contains(p)).toList()))).isTrue();
    frozen.signal("CONT");
    paused.remove(frozen);
    awaitStable(Duration.ofSeconds(20), 3);

    // The cluster's Redis goes away for several leases and comes back: nothing lost or doubled.
    coveredSince = System.nanoTime();
    mustStayCovered = true;
    long storePid = store.pid();
    signal(storePid, "STOP");
    Thread.sleep(Duration.ofSeconds(REDIS_DOWN_SECONDS));
    String down = get(fourth.url() + "/metrics").body();
    assertThat(down).contains("dbscope_cluster_redis_up{cluster=\"it\"} 0.0");
    signal(storePid, "CONT");
    awaitStable(Duration.ofSeconds(20), 3);
    Thread.sleep(LEASE); // past the hold after Redis returned
    awaitStable(Duration.ofSeconds(20), 3);
    mustStayCovered = false;
    assertThat(uncoveredWhileRequired).as("a datasource without owner during the outage").isNull();

    // SIGTERM: a graceful leave; the rest take over.
    live.remove(fourth);
    fourth.stopGracefully();
    assertThat(fourth.logTail()).contains("left, handing over");
    awaitStable(Duration.ofSeconds(20), 2);

    watching = false;
    watcher.join(2000);
    assertThat(recoveryMillis).isLessThan(LEASE.multipliedBy(2).toMillis());
    assertThat(maxOverlapMillis.get())
        .as("longest time a datasource was owned by two live instances")
        .isLessThan(LEASE.toMillis());
  }

  private DbscopeProcess launch(Path config) {
    DbscopeProcess p = closeLater(DbscopeProcess.start(config, dir));
    live.add(p);
    return p;
  }

  private Path writeConfig(RedisFixture store, List<RedisFixture> servers) throws IOException {
    StringBuilder c = new StringBuilder();
    c.append("listenAddress = \"127.0.0.1:${DBSCOPE_PORT}\"\n")
        .append("logLevel = \"info\"\n")
        .append("eventLog = \"off\"\n")
        .append("[cluster]\n")
        .append("redis = \"127.0.0.1:")
        .append(store.port())
        .append("\"\n")
        .append("clusterName = \"it\"\n")
        .append("advertise = \"http://127.0.0.1:${DBSCOPE_PORT}\"\n")
        .append("lease = \"")
        .append(LEASE.toMillis())
        .append("ms\"\n")
        .append("settle = \"500ms\"\n")
        .append("checkpoint = \"5s\"\n")
        .append("redisDownGrace = \"60s\"\n");
    for (int i = 0; i < DATASOURCES; i++) {
      RedisFixture s = servers.get(i % servers.size());
      c.append("[[datasource]]\n")
          .append("name = \"r-%03d\"\n".formatted(i))
          .append("engine = \"redis\"\n")
          .append("dbHost = \"127.0.0.1:")
          .append(s.port())
          .append("\"\n")
          .append("database = \"")
          .append(i % 16)
          .append("\"\n");
    }
    return Files.writeString(dir.resolve("dbscope.toml"), c.toString());
  }

  /** Owner URL by datasource, once every live instance agrees and each owns exactly its part. */
  private Map<String, String> awaitStable(Duration timeout, int members) {
    java.util.concurrent.atomic.AtomicReference<Map<String, String>> result =
        new java.util.concurrent.atomic.AtomicReference<>();
    await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              List<DbscopeProcess> ps = live.stream().filter(p -> !paused.contains(p)).toList();
              Map<DbscopeProcess, JsonNode> views = views(ps);
              if (views.size() != ps.size() || ps.size() != members) {
                return false;
              }
              Map<String, String> map = null;
              Map<DbscopeProcess, Set<String>> owned = new HashMap<>();
              for (var e : views.entrySet()) {
                JsonNode v = e.getValue();
                if (v.get("members").size() != members) {
                  return false;
                }
                Map<String, String> owners = new LinkedHashMap<>();
                v.get("owners")
                    .properties()
                    .forEach(f -> owners.put(f.getKey(), f.getValue().asText()));
                if (map == null) {
                  map = owners;
                } else if (!map.equals(owners)) {
                  return false;
                }
                owned.put(e.getKey(), names(v.get("owned")));
              }
              if (map == null || map.size() != DATASOURCES || !covered(owned)) {
                return false;
              }
              for (var e : owned.entrySet()) {
                for (String d : e.getValue()) {
                  if (!map.get(d).equals(e.getKey().url())) {
                    return false;
                  }
                }
              }
              result.set(map);
              return true;
            });
    return result.get();
  }

  /** Every datasource owned by exactly one of them. */
  private static boolean covered(Map<DbscopeProcess, Set<String>> owned) {
    Set<String> all = new HashSet<>();
    int sum = 0;
    for (Set<String> s : owned.values()) {
      all.addAll(s);
      sum += s.size();
    }
    return all.size() == DATASOURCES && sum == DATASOURCES;
  }

  private Map<DbscopeProcess, Set<String>> owned(List<DbscopeProcess> ps) {
    Map<DbscopeProcess, Set<String>> out = new HashMap<>();
    views(ps).forEach((p, v) -> out.put(p, names(v.get("owned"))));
    return out;
  }

  private static Set<String> names(JsonNode array) {
    Set<String> s = new HashSet<>();
    array.forEach(n -> s.add(n.asText()));
    return s;
  }

  /** {@code /api/v1/cluster} of each, asked in parallel; one that does not answer is left out. */
  private Map<DbscopeProcess, JsonNode> views(List<DbscopeProcess> ps) {
    Map<DbscopeProcess, CompletableFuture<HttpResponse<String>>> calls = new HashMap<>();
    for (DbscopeProcess p : ps) {
      HttpRequest r =
          HttpRequest.newBuilder(URI.create(p.url() + "/api/v1/cluster"))
              .timeout(Duration.ofMillis(800))
              .build();
      calls.put(p, http.sendAsync(r, HttpResponse.BodyHandlers.ofString()));
    }
    Map<DbscopeProcess, JsonNode> out = new HashMap<>();
    calls.forEach(
        (p, f) -> {
          try {
            HttpResponse<String> resp = f.join();
            if (resp.statusCode() == 200) {
              out.put(p, json.readTree(resp.body()));
            }
          } catch (RuntimeException | IOException e) {
            // not answering (starting, paused, killed)
          }
        });
    return out;
  }

  /** Polls the live, unpaused instances; keeps the longest double ownership of a datasource. */
  private void watch() {
    Map<String, Long> overlapSince = new HashMap<>();
    while (watching) {
      long now = System.nanoTime();
      List<DbscopeProcess> ps = live.stream().filter(p -> !paused.contains(p)).toList();
      Map<DbscopeProcess, Set<String>> owned = owned(ps);
      Map<String, Integer> count = new HashMap<>();
      owned.values().forEach(s -> s.forEach(d -> count.merge(d, 1, Integer::sum)));
      for (int i = 0; i < DATASOURCES; i++) {
        String d = "r-%03d".formatted(i);
        int n = count.getOrDefault(d, 0);
        if (n >= 2) {
          long since = overlapSince.computeIfAbsent(d, k -> now);
          maxOverlapMillis.accumulateAndGet((now - since) / 1_000_000, Math::max);
        } else {
          overlapSince.remove(d);
        }
        if (n == 0
            && mustStayCovered
            && owned.size() == ps.size()
            && uncoveredWhileRequired == null) {
          uncoveredWhileRequired =
              d
                  + " at +"
                  + (now - coveredSince) / 1_000_000
                  + " ms, owned per instance "
                  + owned.entrySet().stream()
                      .map(e -> e.getKey().port() + "=" + e.getValue().size())
                      .toList();
        }
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private Map<String, String> sd(DbscopeProcess p) throws IOException, InterruptedException {
    JsonNode groups = json.readTree(get(p.url() + "/sd").body());
    Map<String, String> out = new HashMap<>();
    for (JsonNode g : groups) {
      String name = g.get("labels").get("instance").asText();
      assertThat(out.put(name, g.get("targets").get(0).asText()))
          .as("%s listed once", name)
          .isNull();
      assertThat(g.get("labels").get("__metrics_path__").asText()).isEqualTo("/probe");
    }
    return out;
  }

  private HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void signal(long pid, String signal) throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start().waitFor();
  }
}
