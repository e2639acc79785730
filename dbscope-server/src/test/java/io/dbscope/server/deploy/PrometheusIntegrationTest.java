package io.dbscope.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbscope.core.config.ConfigLoader;
import io.dbscope.core.config.LoadedConfig;
import io.dbscope.server.Engines;
import io.dbscope.server.cli.TestAccess;
import io.dbscope.server.deploy.RuleFiles.Rule;
import io.dbscope.testkit.DemoWorkload;
import io.dbscope.testkit.MariaDbFixture;
import io.dbscope.testkit.MongoFixture;
import io.dbscope.testkit.PostgresFixture;
import io.dbscope.testkit.RedisFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The proof that the dashboards and recording rules work: a real Prometheus (Debian's binary, 1 s
 * scrapes) scrapes a real dbscope that monitors real PostgreSQL, MariaDB and Redis servers (the
 * last two with a replica each) under the demo workload, loads the rule files of
 * deploy/prometheus/rules, and then evaluates every recording rule's expression and every Grafana
 * panel query through its HTTP API. Each must be valid PromQL and return data, unless
 * deploy/grafana/expected-empty.yml lists it with the reason (a condition this test cannot
 * produce); a listed one that returns data fails too, so that the list stays true. It checks the
 * same way that every name the community exporters' own mixins query has a series ({@link
 * MixinNames}).
 *
 * <p>promtool's unit tests ({@link PrometheusRulesTest}) prove the rules' arithmetic on made-up
 * series; this proves the names, labels and types match what dbscope really exports.
 */
class PrometheusIntegrationTest {
  /** Grafana variables as "All" selects them; intervals as Grafana picks them for 1 s scrapes. */
  private static final Map<String, String> VARIABLES =
      Map.of(
          "datasource", ".*",
          "engine", ".*",
          "__rate_interval", "1m",
          "__interval", "15s",
          "__range", "5m");

  /**
   * The exporters' optional collectors whose names their own mixins query (mysql-overview.json's
   * process states, the heartbeat recording rule, the Redis out-of-memory alert): on here, off by
   * default in the exporters and in dbscope.
   */
  private static final List<String> MARIADB_OPTIONAL =
      List.of("info_schema.processlist", "heartbeat");

  private static final List<String> REDIS_OPTIONAL = List.of("system_metrics");

  private static final Path EXPECTED_EMPTY = Tools.DEPLOY.resolve("grafana/expected-empty.yml");
  private static final String JOB = "dbscope";

  /** Statement statistics are read this often here (statementInterval), not every 30 s. */
  private static final Duration STATEMENT_INTERVAL = Duration.ofSeconds(5);

  /**
   * How much scraped history the checks wait for: query analytics reads statement statistics at
   * most every statementInterval, the first read is its baseline, and a statement gets its own
   * series only from the second read on, which rate() needs two samples of.
   */
  private static final Duration HISTORY =
      STATEMENT_INTERVAL.multipliedBy(2).plus(Duration.ofSeconds(4));

  private static final Deque<AutoCloseable> running = new ConcurrentLinkedDeque<>();
  private static PrometheusServer prometheus;
  private static int dbscopePort;
  private static List<Checked> results;

  /** One expression evaluated: where it comes from, what was sent, and Prometheus' answer. */
  private record Checked(Source source, String expr, String error, int series) {
    boolean valid() {
      return error == null;
    }

    boolean hasData() {
      return valid() && series > 0;
    }

    String describe() {
      return source.where() + "\n    " + expr.replace("\n", "\n    ");
    }
  }

  /** A recording rule or a dashboard query, and how expected-empty.yml names it. */
  private sealed interface Source {
    String where();

    boolean matches(JsonNode entry);
  }

  private record RecordSource(Rule rule) implements Source {
    @Override
    public String where() {
      String labels = rule.labels().isEmpty() ? "" : " " + rule.labels();
      return rule.file() + " / " + rule.group() + " / record " + rule.name() + labels;
    }

    @Override
    public boolean matches(JsonNode entry) {
      return entry.path("record").asText().equals(rule.name());
    }
  }

  private record PanelSource(DashboardQueries.Query query) implements Source {
    @Override
    public String where() {
      return query.where();
    }

    @Override
    public boolean matches(JsonNode entry) {
      return entry.path("dashboard").asText().equals(query.dashboard())
          && entry.path("panel").asText().equals(query.panel())
          && entry.path("expr").asText().trim().equals(query.expr());
    }
  }

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    PostgresFixture pg;
    List<MariaDbFixture> marias;
    List<RedisFixture> redises;
    // The engines start side by side, each engine's primary and replica one after the other.
    try (ExecutorService lanes = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<PostgresFixture> pgLane =
          lanes.submit(() -> keep(PostgresFixture.builder().statStatements().start()));
      Future<List<MariaDbFixture>> mariaLane =
          lanes.submit(
              () ->
                  List.of(
                      keep(
                          MariaDbFixture.builder()
                              .option("server-id", "1")
                              .option("log-bin", "binlog")
                              .start()),
                      keep(MariaDbFixture.builder().option("server-id", "2").start())));
      Future<List<RedisFixture>> redisLane =
          lanes.submit(
              () ->
                  List.of(
                      keep(RedisFixture.system().option("maxmemory", "256mb").start()),
                      keep(RedisFixture.system().start())));
      pg = pgLane.get();
      marias = mariaLane.get();
      redises = redisLane.get();
    }
    MariaDbFixture maria = marias.get(0);
    MariaDbFixture mariaReplica = marias.get(1);
    RedisFixture redis = redises.get(0);
    RedisFixture redisReplica = redises.get(1);
    // No mongod can run here: the wire protocol (mongo-java-server) with recorded replies.
    MongoFixture mongo =
        keep(
            MongoFixture.start()
                .answer("serverStatus", "serverStatus-datadog.json")
                .answer("replSetGetStatus", "replSetGetStatus-datadog.json"));
    prepare(pg, maria, mariaReplica, redis, redisReplica);
    DemoWorkload workload = keep(new DemoWorkload(Duration.ofSeconds(90)));
    workload.sql("postgres", pg.jdbcUrl("postgres"), pg.user(), "");
    workload.sql("mariadb", maria.jdbcUrl("demo"), maria.user(), maria.password());
    workload.redis("redis", redis.host(), redis.port());

    StringBuilder toml = new StringBuilder("listenAddress = \"127.0.0.1:0\"\n");
    datasource(toml, "pg", "postgres", pg.port(), "postgres", List.of());
    datasource(toml, "maria", "mariadb", maria.port(), "root", MARIADB_OPTIONAL);
    datasource(toml, "maria-replica", "mariadb", mariaReplica.port(), "root", MARIADB_OPTIONAL);
    datasource(toml, "redis", "redis", redis.port(), "", REDIS_OPTIONAL);
    datasource(toml, "redis-replica", "redis", redisReplica.port(), "", REDIS_OPTIONAL);
    datasource(toml, "mongo", "mongodb", mongo.port(), "", List.of("replset_status", "dbstats"));
    toml.append("legacyNames = true\n");
    Path cfg = Files.writeString(dir.resolve("dbscope.toml"), toml);
    LoadedConfig config = new ConfigLoader(Engines.catalog(), Map.of()).load(cfg);
    AutoCloseable dbscope = keep(TestAccess.start(config));
    dbscopePort = TestAccess.port(dbscope);

    Path promDir = Files.createDirectories(dir.resolve("prometheus"));
    prometheus = keep(PrometheusServer.start(promDir, prometheusConfig(TestAccess.port(dbscope))));
    awaitHistory();
    results = evaluate();
  }

  @AfterAll
  static void stop() {
    List<Exception> failures = new ArrayList<>();
    while (!running.isEmpty()) {
      try {
        running.pop().close();
      } catch (Exception e) {
        failures.add(e);
      }
    }
    assertThat(failures).as("errors while stopping").isEmpty();
  }

  private static <T extends AutoCloseable> T keep(T resource) {
    running.push(resource);
    return resource;
  }

  private static void datasource(
      StringBuilder toml,
      String name,
      String engine,
      int port,
      String user,
      List<String> optionalCollectors) {
    toml.append(
        """
        [[datasource]]
        name = "%s"
        engine = "%s"
        dbHost = "127.0.0.1:%d"
        labels = "env=test"
        """
            .formatted(name, engine, port));
    if (!engine.equals("redis") && !engine.equals("mongodb")) {
      // Query analytics' key, which only the SQL engines take.
      toml.append("statementInterval = ").append(STATEMENT_INTERVAL.toSeconds()).append('\n');
    }
    if (!user.isEmpty()) {
      toml.append("dbUser = \"").append(user).append("\"\n");
    }
    if (!optionalCollectors.isEmpty()) {
      toml.append("optionalCollectors = [")
          .append(String.join(", ", optionalCollectors.stream().map(c -> '"' + c + '"').toList()))
          .append("]\n");
    }
  }

  /**
   * Makes the conditions the panels show that a single idle server lacks: MariaDB's demo database
   * and its query_response_time plugin (the latency histogram), a MariaDB and a Redis replica (the
   * replication panels), the pg_stat_statements view (query analytics), one Redis error reply (the
   * error panel), and for the exporters' mixins a PostgreSQL replication slot and pt-heartbeat's
   * table. dbscope plans its collectors when it connects, so this comes first.
   */
  private static void prepare(
      PostgresFixture pg,
      MariaDbFixture maria,
      MariaDbFixture mariaReplica,
      RedisFixture redis,
      RedisFixture redisReplica)
      throws Exception {
    try (Connection c = pg.connect();
        Statement st = c.createStatement()) {
      st.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
      // An unused physical slot: pg_replication_slot_* (the postgres mixin's unused-slot alert).
      st.execute("SELECT pg_create_physical_replication_slot('dbscope_test')");
    }
    try (Connection c = mariaDb(maria);
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE IF NOT EXISTS demo");
      st.execute("INSTALL SONAME 'query_response_time'");
      st.execute("SET GLOBAL query_response_time_stats = 1");
      // pt-heartbeat's table with one row, as pt-heartbeat --update would keep it (the heartbeat
      // collector reads it); binlogged, so the replica gets it too.
      st.execute("CREATE DATABASE IF NOT EXISTS heartbeat");
      st.execute(
          "CREATE TABLE IF NOT EXISTS heartbeat.heartbeat (ts DATETIME(6) NOT NULL,"
              + " server_id INT UNSIGNED NOT NULL PRIMARY KEY)");
      st.execute("REPLACE INTO heartbeat.heartbeat (ts, server_id) VALUES (NOW(6), @@server_id)");
    }
    try (Connection c = mariaDb(mariaReplica);
        Statement st = c.createStatement()) {
      st.execute(
          ("CHANGE MASTER TO MASTER_HOST = '127.0.0.1', MASTER_PORT = %d, MASTER_USER = 'root',"
                  + " MASTER_PASSWORD = '', MASTER_USE_GTID = no")
              .formatted(maria.port()));
      st.execute("START SLAVE");
    }
    try (Jedis j = new Jedis(redisReplica.host(), redisReplica.port())) {
      j.replicaof(redis.host(), redis.port());
    }
    try (Jedis j = new Jedis(redis.host(), redis.port())) {
      j.set("not-a-number", "x");
      try {
        j.incr("not-a-number");
        fail("INCR of a string should have failed");
      } catch (JedisDataException expected) {
        // ERR value is not an integer: counted in INFO errorstats
      }
    }
  }

  private static Connection mariaDb(MariaDbFixture db) throws Exception {
    return DriverManager.getConnection(db.jdbcUrl("mysql"), db.user(), db.password());
  }

  private static String prometheusConfig(int dbscopePort) {
    return """
        global:
          scrape_interval: 1s
          scrape_timeout: 1s
          evaluation_interval: 1s
        rule_files:
          - %s/*.yml
        scrape_configs:
          - job_name: %s
            static_configs:
              - targets: ["127.0.0.1:%d"]
        """
        .formatted(RuleFiles.PROMETHEUS.resolve("rules"), JOB, dbscopePort);
  }

  /**
   * Waits until Prometheus holds {@link #HISTORY} since its first successful scrape of dbscope, and
   * at least 20 successful scrapes.
   */
  private static void awaitHistory() {
    String expr = "up{job=\"%s\"}[5m]".formatted(JOB);
    Duration timeout = HISTORY.plusSeconds(30);
    long end = System.nanoTime() + timeout.toNanos();
    double span = 0;
    int good = 0;
    while (System.nanoTime() < end) {
      JsonNode r = prometheus.query(expr).path("data").path("result");
      if (!r.isEmpty()) {
        double first = Double.NaN;
        double last = 0;
        good = 0;
        for (JsonNode sample : r.get(0).path("values")) {
          last = sample.get(0).asDouble();
          if (sample.get(1).asText().equals("1")) {
            good++;
            if (Double.isNaN(first)) {
              first = last;
            }
          }
        }
        span = Double.isNaN(first) ? 0 : last - first;
        if (span >= HISTORY.toSeconds() && good >= 20) {
          return;
        }
      }
      PrometheusServer.sleep(Duration.ofMillis(500));
    }
    fail(
        "after %s Prometheus holds %.0f s since the first good scrape of dbscope, %d good scrapes;"
                .formatted(timeout, span, good)
            + " targets: %s\n%s".formatted(prometheus.api("/api/v1/targets"), prometheus.log()));
  }

  /** Every recording rule and dashboard query, evaluated now. */
  private static List<Checked> evaluate() {
    List<Checked> out = new ArrayList<>();
    for (Rule r : RuleFiles.records()) {
      out.add(check(new RecordSource(r), r.expr().trim()));
    }
    for (DashboardQueries.Query q : DashboardQueries.all()) {
      out.add(check(new PanelSource(q), DashboardQueries.fill(q.expr(), VARIABLES)));
    }
    return out;
  }

  private static Checked check(Source source, String expr) {
    JsonNode answer = prometheus.query(expr);
    if (!answer.path("status").asText().equals("success")) {
      return new Checked(source, expr, answer.path("error").asText(answer.toString()), 0);
    }
    JsonNode data = answer.path("data");
    int series =
        switch (data.path("resultType").asText()) {
          case "vector", "matrix" -> data.path("result").size();
          default -> 1; // scalar or string: always a value
        };
    return new Checked(source, expr, null, series);
  }

  private static List<JsonNode> expectedEmpty() {
    List<JsonNode> out = new ArrayList<>();
    JsonNode root = RuleFiles.read(EXPECTED_EMPTY);
    root.path("records").forEach(out::add);
    root.path("panels").forEach(out::add);
    return out;
  }

  private static boolean listed(Source source) {
    return expectedEmpty().stream().anyMatch(source::matches);
  }

  @Test
  void prometheusScrapesDbscopeAndEvaluatesEveryRuleGroup() {
    JsonNode targets = prometheus.api("/api/v1/targets").path("data").path("activeTargets");
    assertThat(targets).as("active targets").hasSize(1);
    assertThat(targets.get(0).path("labels").path("job").asText()).isEqualTo(JOB);
    assertThat(targets.get(0).path("health").asText())
        .as("target health, last error: %s", targets.get(0).path("lastError"))
        .isEqualTo("up");

    Set<String> groupsInFiles = new TreeSet<>();
    int rulesInFiles = 0;
    for (Path f : Tools.files(RuleFiles.PROMETHEUS.resolve("rules"), ".yml")) {
      for (Rule r : RuleFiles.rules(f)) {
        groupsInFiles.add(r.group());
        rulesInFiles++;
      }
    }
    Set<String> groupsLoaded = new TreeSet<>();
    List<String> unhealthy = new ArrayList<>();
    int rulesLoaded = 0;
    for (JsonNode g : prometheus.api("/api/v1/rules").path("data").path("groups")) {
      groupsLoaded.add(g.path("name").asText());
      for (JsonNode r : g.path("rules")) {
        rulesLoaded++;
        if (!r.path("health").asText().equals("ok")) {
          unhealthy.add(
              g.path("name").asText()
                  + " / "
                  + r.path("name").asText()
                  + ": health "
                  + r.path("health").asText()
                  + ", "
                  + r.path("lastError").asText());
        }
      }
    }
    assertThat(groupsLoaded).as("rule groups Prometheus loaded").isEqualTo(groupsInFiles);
    assertThat(rulesLoaded).as("rules Prometheus loaded").isEqualTo(rulesInFiles);
    assertThat(unhealthy).as("rules whose last evaluation failed").isEmpty();
  }

  /**
   * promtool reads dbscope's whole answer (PostgreSQL, MariaDB with its latency histogram, Redis,
   * dbscope's own and JVM families) without an error, and finds nothing to say about any family
   * whose name dbscope chose; the exporters' names draw only promtool's naming advice.
   */
  @Test
  void promtoolFindsNothingInFamiliesDbscopeNames(@TempDir Path dir) throws Exception {
    var http = java.net.http.HttpClient.newHttpClient();
    String text =
        http.send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + dbscopePort + "/metrics"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(text)
        .contains("# TYPE mysql_info_schema_query_response_time_seconds histogram\n")
        .contains("# TYPE pg_active_query_age_seconds histogram\n")
        .contains("# TYPE mysql_transaction_age_seconds histogram\n");
    PromtoolLint lint = PromtoolLint.check(Files.writeString(dir.resolve("metrics.txt"), text));
    assertThat(lint.output()).as("promtool parses the text").doesNotContain("error while linting");
    assertThat(lint.ofDbscopesNames()).as(lint.output()).isEmpty();
  }

  @Test
  void everyRecordAndPanelQueryIsValidPromql() {
    assertThat(results.stream().filter(c -> c.source() instanceof RecordSource).count())
        .as("recording rules evaluated")
        .isEqualTo(RuleFiles.records().size());
    assertThat(results).as("records and dashboard queries evaluated").hasSizeGreaterThan(80);
    List<String> invalid =
        results.stream()
            .filter(c -> !c.valid())
            .map(c -> c.describe() + "\n  " + c.error())
            .toList();
    assertThat(invalid).as("expressions Prometheus refused").isEmpty();
  }

  @Test
  void everyRecordAndPanelQueryReturnsData() {
    List<String> empty =
        results.stream()
            .filter(c -> c.valid() && !c.hasData() && !listed(c.source()))
            .map(Checked::describe)
            .toList();
    assertThat(empty)
        .as(
            "expressions without data: they query a metric or label dbscope does not export (fix"
                + " them), or need a condition this test cannot produce (list them with the reason"
                + " in %s)",
            EXPECTED_EMPTY)
        .isEmpty();
  }

  @Test
  void expectedEmptyListIsTrue() {
    List<String> problems = new ArrayList<>();
    for (JsonNode entry : expectedEmpty()) {
      List<Checked> matched = results.stream().filter(c -> c.source().matches(entry)).toList();
      if (entry.path("reason").asText().isBlank()) {
        problems.add(entry + ": has no reason");
      }
      if (matched.isEmpty()) {
        problems.add(entry + ": matches no recording rule or panel query; fix or remove it");
      }
      matched.stream()
          .filter(Checked::hasData)
          .forEach(
              c -> problems.add(c.describe() + "\n  returns data now: remove it from the list"));
    }
    assertThat(problems).as("entries of %s", EXPECTED_EMPTY).isEmpty();
  }

  /**
   * Every name that the exporters' own mixins query (their dashboards, alert and recording rules,
   * listed in src/test/resources/mixins/*.tsv) has at least one series in Prometheus, unless
   * absent.yml lists it with the reason (a server feature this test cannot give, or a name the
   * mixin spells older than the exporter, whose current name must then have a series). A listed
   * name that has a series now, or that no list holds, fails too, so that absent.yml stays true.
   */
  @Test
  void everyMixinNameHasASeries() {
    List<MixinNames.Use> uses = MixinNames.all();
    Map<String, MixinNames.Absent> absent = MixinNames.absent();
    Set<String> present = new TreeSet<>();
    JsonNode answer = prometheus.query("group by (__name__) ({__name__=~\"(pg|mysql|redis)_.+\"})");
    answer
        .path("data")
        .path("result")
        .forEach(r -> present.add(r.path("metric").path("__name__").asText()));
    assertThat(present).as("names Prometheus holds (%s)", answer).isNotEmpty();

    List<String> missing =
        uses.stream()
            .filter(u -> !present.contains(u.name()) && !absent.containsKey(u.name()))
            .map(MixinNames.Use::describe)
            .toList();
    assertThat(missing)
        .as(
            "names the exporters' mixins query that have no series: dbscope lacks them (a"
                + " finding: fix it), or this test cannot give them (list them with the reason in"
                + " %s)",
            MixinNames.ABSENT)
        .isEmpty();

    Set<String> listed = new TreeSet<>();
    uses.forEach(u -> listed.add(u.name()));
    List<String> problems = new ArrayList<>();
    absent.forEach(
        (name, entry) -> {
          if (entry.reason().isBlank()) {
            problems.add(name + ": has no reason");
          }
          if (!listed.contains(name)) {
            problems.add(name + ": no mixin list holds it; remove it");
          }
          if (present.contains(name)) {
            problems.add(name + ": has a series now; remove it");
          }
          if (!entry.servedAs().isBlank() && !present.contains(entry.servedAs())) {
            problems.add(name + ": its current name " + entry.servedAs() + " has no series either");
          }
        });
    assertThat(problems).as("entries of %s", MixinNames.ABSENT).isEmpty();
  }
}
