package io.dbscope.engine.mongodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.scrape.Deadline;
import io.dbscope.core.scrape.MonitoredDatasource;
import io.dbscope.testkit.ExpositionText;
import io.dbscope.testkit.MongoFixture;
import io.dbscope.testkit.Scraped;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The engine over the MongoDB wire protocol (mongo-java-server): its own minimal serverStatus (the
 * fields a server does not report), recorded replies compared with percona's naming, a refused
 * command, and a server that never answers.
 */
class MongoEngineTest {
  private static final Set<String> TOPOLOGY = Set.of("cl_role", "rs_nm", "rs_state");
  private static final MongoEngine engine = new MongoEngine();
  private static EngineResources resources;

  @BeforeAll
  static void start() {
    resources = EngineResources.create();
  }

  @AfterAll
  static void stop() {
    resources.close();
  }

  record Collected(MonitoredDatasource md, ExpositionText text) {}

  private static Collected collect(DatasourceConfig cfg, Duration deadline) {
    try (MonitoredDatasource md =
        new MonitoredDatasource(cfg, engine, engine.open(cfg, resources))) {
      return new Collected(md, Scraped.of(md.collect(Deadline.in(deadline))));
    }
  }

  @Test
  void aServerWithFewFieldsGivesThoseAndNoFailedScrape() {
    try (MongoFixture mongo = MongoFixture.start()) {
      Collected c = collect(mongo.datasource("bare").build(), Duration.ofSeconds(10));
      ExpositionText t = c.text();
      assertThat(t.value("mongodb_up", "datasource", "bare")).isEqualTo(1);
      assertThat(Scraped.success(t, "bare", "server_status")).isEqualTo(1);
      assertThat(t.value("mongodb_ss_connections", "conn_type", "current")).isPositive();
      assertThat(t.samples("mongodb_ss_uptime")).hasSize(1);
      assertThat(t.samples("mongodb_ss_opcounters")).as("not reported, not exported").isEmpty();
      assertThat(t.samples("mongodb_ss_mongodb_ss_uptime")).isEmpty();
      assertThat(c.md().facts().orElseThrow().versionText()).isNotBlank();
      assertThat(t.samples("mongodb_ss_uptime").getFirst().labels())
          .containsEntry("cl_role", "mongod");
    }
  }

  @Test
  void everyServerStatusSeriesIsNamedAsPerconaNamesIt() throws IOException {
    try (MongoFixture mongo =
        MongoFixture.start().answer("serverStatus", "serverStatus-datadog.json")) {
      Collected c = collect(mongo.datasource("rec").build(), Duration.ofSeconds(10));
      ExpositionText t = c.text();
      Map<PerconaNames.Series, Double> percona =
          PerconaNames.of(
              "serverStatus", Document.parse(MongoFixture.json("serverStatus-datadog.json")));
      Map<String, Double> expected = new HashMap<>();
      Map<String, String> helps = new HashMap<>();
      percona.forEach(
          (s, v) -> {
            expected.put(key(s.name(), s.labels()), v);
            helps.putIfAbsent(s.name(), s.help());
          });
      int compared = 0;
      for (ExpositionText.Sample s : t.samples()) {
        if (!s.name().startsWith("mongodb_ss_")) {
          continue;
        }
        Map<String, String> labels = new TreeMap<>(s.labels());
        labels.remove("datasource");
        assertThat(labels.keySet()).as("topology labels of %s", s.name()).containsAll(TOPOLOGY);
        labels.keySet().removeAll(TOPOLOGY);
        String k = key(s.name(), labels);
        assertThat(expected).as("percona names %s", k).containsKey(k);
        assertThat(s.value()).as(k).isEqualTo(expected.get(k));
        compared++;
      }
      assertThat(compared).isGreaterThan(60);
      for (String family :
          List.of(
              "mongodb_ss_opcounters",
              "mongodb_ss_connections",
              "mongodb_ss_metrics_document",
              "mongodb_ss_asserts",
              "mongodb_ss_mem_resident",
              "mongodb_ss_uptime",
              "mongodb_ss_opLatencies_latency",
              "mongodb_ss_globalLock_currentQueue",
              "mongodb_ss_network_bytesIn",
              "mongodb_ss_wt_cache_bytes_currently_in_the_cache",
              "mongodb_ss_wt_concurrentTransactions_available")) {
        assertThat(t.samples(family)).as(family).isNotEmpty();
        assertThat(t.type(family)).as(family).hasValue("untyped");
        if (!family.startsWith("mongodb_ss_opLatencies")
            && !family.startsWith("mongodb_ss_wt_concurrentTransactions")) {
          assertThat(t.help(family)).as(family).hasValue(helps.get(family));
        }
      }
      assertThat(t.value("mongodb_ss_opcounters", "legacy_op_type", "command")).isEqualTo(7882);
      assertThat(t.value("mongodb_ss_connections", "conn_type", "totalCreated")).isEqualTo(1383);
      assertThat(t.samples("mongodb_ss_uptime").getFirst().labels())
          .containsEntry("cl_role", "mongos");
      assertThat(c.md().facts().orElseThrow().versionText()).isEqualTo("4.1.13");
    }
  }

  @Test
  void replicaSetStatusIsNamedAsPerconaNamesIt() throws IOException {
    try (MongoFixture mongo =
        MongoFixture.start().answer("replSetGetStatus", "replSetGetStatus-datadog.json")) {
      DatasourceConfig cfg =
          mongo.datasource("rs").optionalCollectors(List.of("replset_status")).build();
      ExpositionText t = collect(cfg, Duration.ofSeconds(10)).text();
      assertThat(Scraped.success(t, "rs", "replset_status")).isEqualTo(1);
      assertThat(t.value("mongodb_rs_myState", "rs_nm", "replset")).isEqualTo(1);
      assertThat(
              t.value(
                  "mongodb_rs_members_state",
                  "member_idx",
                  "replset-arbiter-0.mongo.default.svc.cluster.local:27017",
                  "member_state",
                  "ARBITER"))
          .isEqualTo(7);
      assertThat(t.samples("mongodb_rs_members_health")).hasSize(4);
      Map<PerconaNames.Series, Double> percona =
          PerconaNames.of(
              "replSetGetStatus",
              Document.parse(MongoFixture.json("replSetGetStatus-datadog.json")));
      Set<String> names = new java.util.HashSet<>();
      percona.keySet().forEach(s -> names.add(s.name()));
      for (ExpositionText.Sample s : t.samples()) {
        if (s.name().startsWith("mongodb_rs_") && !s.name().startsWith("mongodb_rs_members_")) {
          assertThat(names).as("percona names %s", s.name()).contains(s.name());
        }
      }
    }
  }

  @Test
  void legacyNamesComeFromTheSameReplyWhenSwitchedOn() {
    try (MongoFixture mongo =
        MongoFixture.start().answer("serverStatus", "serverStatus-datadog.json")) {
      ExpositionText off = collect(mongo.datasource("new").build(), Duration.ofSeconds(10)).text();
      assertThat(off.samples("mongodb_op_counters_total")).isEmpty();
      DatasourceConfig cfg =
          mongo
              .datasource("old")
              .options(
                  io.dbscope.core.config.EngineOptions.none().with(MongoOptions.LEGACY_NAMES, true))
              .build();
      int before = mongo.received("serverStatus");
      ExpositionText t = collect(cfg, Duration.ofSeconds(10)).text();
      assertThat(mongo.received("serverStatus") - before)
          .as("serverStatus commands for facts, server_status and legacy_names in one scrape")
          .isEqualTo(1);
      assertThat(Scraped.success(t, "old", "legacy_names")).isEqualTo(1);
      assertThat(t.value("mongodb_op_counters_total", "type", "command"))
          .isEqualTo(t.value("mongodb_ss_opcounters", "legacy_op_type", "command"))
          .isEqualTo(7882);
      assertThat(t.value("mongodb_connections", "state", "current")).isEqualTo(2);
      assertThat(t.value("mongodb_memory", "type", "resident")).isEqualTo(40);
      assertThat(t.value("mongodb_instance_uptime_seconds")).isEqualTo(64054);
      assertThat(t.value("mongodb_mongod_global_lock_current_queue", "type", "reader"))
          .isEqualTo(14);
    }
  }

  @Test
  void aRefusedCommandFailsItsCollectorAlone() {
    try (MongoFixture mongo = MongoFixture.start().refuse("replSetGetStatus")) {
      DatasourceConfig cfg =
          mongo.datasource("refused").optionalCollectors(List.of("replset_status")).build();
      ExpositionText t = collect(cfg, Duration.ofSeconds(10)).text();
      assertThat(t.value("mongodb_up", "datasource", "refused")).isEqualTo(1);
      assertThat(Scraped.success(t, "refused", "replset_status")).isZero();
      assertThat(Scraped.success(t, "refused", "server_status")).isEqualTo(1);
      assertThat(t.samples("mongodb_rs_myState")).isEmpty();
    }
  }

  @Test
  void dbStatsOfEveryDatabase() {
    try (MongoFixture mongo = MongoFixture.start();
        com.mongodb.client.MongoClient client =
            com.mongodb.client.MongoClients.create(
                "mongodb://" + mongo.host() + ":" + mongo.port())) {
      client.getDatabase("shop").getCollection("orders").insertOne(new Document("n", 1));
      DatasourceConfig cfg = mongo.datasource("db").optionalCollectors(List.of("dbstats")).build();
      ExpositionText t = collect(cfg, Duration.ofSeconds(10)).text();
      assertThat(Scraped.success(t, "db", "dbstats")).isEqualTo(1);
      assertThat(t.value("mongodb_dbstats_objects", "database", "shop")).isEqualTo(1);
      assertThat(t.value("mongodb_dbstats_collections", "database", "shop")).isEqualTo(1);
    }
  }

  @Test
  void collStatsUpToTheCollectionLimit() {
    try (MongoFixture mongo = MongoFixture.start();
        com.mongodb.client.MongoClient client =
            com.mongodb.client.MongoClients.create(
                "mongodb://" + mongo.host() + ":" + mongo.port())) {
      for (String c : List.of("a", "b", "c")) {
        client.getDatabase("shop").getCollection(c).insertOne(new Document("n", 1));
      }
      client.getDatabase("shop").getCollection("a").insertOne(new Document("n", 2));
      DatasourceConfig all =
          mongo.datasource("cs").optionalCollectors(List.of("collstats")).build();
      ExpositionText t = collect(all, Duration.ofSeconds(10)).text();
      assertThat(Scraped.success(t, "cs", "collstats")).isEqualTo(1);
      assertThat(
              t.value(
                  "mongodb_collstats_storageStats_count", "database", "shop", "collection", "a"))
          .isEqualTo(2);
      assertThat(t.samples("mongodb_collstats_storageStats_count")).hasSize(3);
      DatasourceConfig two =
          mongo
              .datasource("cs2")
              .optionalCollectors(List.of("collstats"))
              .options(
                  io.dbscope.core.config.EngineOptions.none().with(MongoOptions.COLLSTATS_LIMIT, 2))
              .build();
      ExpositionText cut = collect(two, Duration.ofSeconds(10)).text();
      assertThat(cut.samples("mongodb_collstats_storageStats_count")).hasSize(2);
    }
  }

  @Test
  void slowOperationsPerKindFromARecordedCurrentOp() {
    try (MongoFixture mongo = MongoFixture.start().answer("currentOp", "currentOp-datadog.json")) {
      DatasourceConfig cfg =
          mongo
              .datasource("ops")
              .optionalCollectors(List.of("current_op"))
              .options(
                  io.dbscope.core.config.EngineOptions.none()
                      .with(MongoOptions.SLOW_OP_THRESHOLD, Duration.ofMillis(500)))
              .build();
      ExpositionText t = collect(cfg, Duration.ofSeconds(10)).text();
      assertThat(Scraped.success(t, "ops", "current_op")).isEqualTo(1);
      // conn4's hello has run 798689 us; conn23's aggregate 26 us; the "none" ops report no time.
      assertThat(t.value("mongodb_currentop_slow_operations", "op", "command")).isEqualTo(1);
      assertThat(t.value("mongodb_currentop_slow_operation_max_seconds", "op", "command"))
          .isEqualTo(0.798689);
      assertThat(t.value("mongodb_currentop_slow_operations", "op", "none")).isZero();
      assertThat(t.samples("mongodb_currentop_slow_operations")).hasSize(2);
    }
  }

  @Test
  void aServerThatNeverAnswersIsDownWithinTheDeadline() throws IOException {
    assertThat(secondsToDownFromABlackHole(Duration.ofSeconds(1), Duration.ofSeconds(3)))
        .isLessThan(3.5);
  }

  /**
   * The deadline, not {@code connectTimeout} or {@code queryTimeout}, bounds a collection that
   * waits on a server that never answers: the target says so ({@code boundsItsWaits}), and a lone
   * datasource is then collected on the scrape's own thread with nothing else to give up on it.
   */
  @Test
  void aServerThatNeverAnswersHoldsACollectionNoLongerThanItsDeadline() throws IOException {
    assertThat(secondsToDownFromABlackHole(Duration.ofSeconds(10), Duration.ofMillis(700)))
        .isLessThan(1.5);
    DatasourceConfig cfg = DatasourceConfig.builder("bounds", "mongodb").host("127.0.0.1").build();
    try (var target = engine.open(cfg, resources)) {
      assertThat(target.boundsItsWaits()).isTrue();
    }
  }

  /**
   * Collects a datasource whose server accepts TCP connections (the kernel's backlog) and never
   * reads or writes, with {@code timeouts} as its connect and query timeouts; checks it is down and
   * returns how long the collection took.
   */
  private static double secondsToDownFromABlackHole(Duration timeouts, Duration deadline)
      throws IOException {
    try (ServerSocket hole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      DatasourceConfig cfg =
          DatasourceConfig.builder("hole", "mongodb")
              .host("127.0.0.1")
              .port(hole.getLocalPort())
              .connectTimeout(timeouts)
              .queryTimeout(timeouts)
              .build();
      long start = System.nanoTime();
      ExpositionText t = collect(cfg, deadline).text();
      double seconds = (System.nanoTime() - start) / 1e9;
      assertThat(t.value("mongodb_up", "datasource", "hole")).isZero();
      return seconds;
    }
  }

  @Test
  void aPasswordInAUrlIsNeverInAProblem() {
    DatasourceConfig cfg =
        DatasourceConfig.builder("u", "mongodb")
            .url(java.net.URI.create("mongodb://user:Sup3rSecret@host:notaport/"))
            .build();
    assertThat(engine.validate(cfg))
        .containsExactly("url: not a MongoDB connection string the driver accepts");
    DatasourceConfig wrong =
        DatasourceConfig.builder("w", "mongodb")
            .url(java.net.URI.create("redis://user:Sup3rSecret@host:6379"))
            .build();
    assertThat(engine.validate(wrong))
        .containsExactly("url: must start with mongodb:// or mongodb+srv://");
  }

  private static String key(String name, Map<String, String> labels) {
    return name + new TreeMap<>(labels);
  }
}
