package io.dbscope.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbscope.testkit.PostgresFixture;
import io.dbscope.testkit.RedisFixture;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Query-analytics counters of a datasource that moves between dbscope processes, on a real
 * PostgreSQL with pg_stat_statements: after a graceful move the new owner's {@code
 * pg_query_calls_total} of a statement goes on from the old owner's value (no reset, no double
 * count), and after a {@code kill -9} the next owner continues from the last checkpoint.
 */
class ClusterHandoffProcessTest {
  private static final String DS = "orders-db";
  private static final String PROBE = "SELECT count(*) FROM handoff_probe WHERE id > 0";

  @TempDir Path dir;

  private final List<AutoCloseable> closing = new ArrayList<>();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ObjectMapper json = new ObjectMapper();

  @AfterEach
  void stop() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
  }

  @Test
  void callsContinueAcrossAGracefulMoveAndFromTheCheckpointAfterACrash() throws Exception {
    PostgresFixture pg = PostgresFixture.builder().statStatements().start();
    closing.add(pg);
    try (Connection c = pg.connect();
        Statement st = c.createStatement()) {
      st.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
      st.execute("CREATE TABLE handoff_probe (id int primary key)");
      st.execute("INSERT INTO handoff_probe SELECT g FROM generate_series(1, 10) g");
    }
    RedisFixture store = RedisFixture.system().start();
    closing.add(store);
    Path config =
        Files.writeString(
            dir.resolve("dbscope.toml"),
            """
            listenAddress = "127.0.0.1:${DBSCOPE_PORT}"
            eventLog = "off"
            [cluster]
            redis = "127.0.0.1:%d"
            advertise = "http://127.0.0.1:${DBSCOPE_PORT}"
            lease = "2s"
            settle = "500ms"
            checkpoint = "1s"
            [[datasource]]
            name = "%s"
            engine = "postgres"
            dbHost = "127.0.0.1:%d"
            dbUser = "%s"
            statementInterval = "100ms"
            """
                .formatted(store.port(), DS, pg.port(), pg.user()));
    DbscopeProcess a = launch(config);
    DbscopeProcess b = launch(config);
    a.awaitListening(Duration.ofSeconds(60));
    b.awaitListening(Duration.ofSeconds(60));
    List<DbscopeProcess> both = List.of(a, b);
    DbscopeProcess first = awaitOwner(both);
    awaitBaseline(first); // the first read of the statements is the baseline
    run(pg, 10);
    String queryid = awaitQueryid(first);
    assertThat(awaitCalls(first, queryid, 10)).isEqualTo(10);

    // Graceful: the owner leaves, the other continues the counter.
    DbscopeProcess second = first == a ? b : a;
    first.stopGracefully();
    awaitOwner(List.of(second));
    run(pg, 5);
    assertThat(awaitCalls(second, queryid, 15)).isEqualTo(15);
    assertThat(
            metric(
                scrape(second),
                "dbscope_cluster_handoffs_total{cluster=\"dbscope\",result=\"taken\"}"))
        .isEqualTo(1.0);

    // Crash: a third instance joins, whichever owns the datasource is killed, the survivor loads
    // the last checkpoint (written every second) and goes on from it.
    DbscopeProcess third = launch(config);
    third.awaitListening(Duration.ofSeconds(60));
    List<DbscopeProcess> pair = List.of(second, third);
    DbscopeProcess owner = awaitOwner(pair);
    assertThat(awaitCalls(owner, queryid, 15)).isEqualTo(15);
    Thread.sleep(1500); // past a checkpoint after the last read
    DbscopeProcess survivor = owner == second ? third : second;
    owner.signal("KILL");
    awaitOwner(List.of(survivor));
    run(pg, 4);
    assertThat(awaitCalls(survivor, queryid, 19)).isEqualTo(19);
  }

  private DbscopeProcess launch(Path config) {
    DbscopeProcess p = DbscopeProcess.start(config, dir);
    closing.add(p);
    return p;
  }

  private static void run(PostgresFixture pg, int times) throws Exception {
    try (Connection c = pg.connect();
        Statement st = c.createStatement()) {
      for (int i = 0; i < times; i++) {
        st.execute(PROBE);
      }
    }
  }

  /** The instance among {@code candidates} that owns the datasource, once it scrapes it. */
  private DbscopeProcess awaitOwner(List<DbscopeProcess> candidates) {
    AtomicReference<DbscopeProcess> owner = new AtomicReference<>();
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              for (DbscopeProcess p : candidates) {
                Optional<JsonNode> v = view(p);
                if (v.isPresent() && v.get().get("owned").toString().contains("\"" + DS + "\"")) {
                  owner.set(p);
                  return true;
                }
              }
              return false;
            });
    return owner.get();
  }

  private Optional<JsonNode> view(DbscopeProcess p) {
    try {
      HttpResponse<String> r = get(p.url() + "/api/v1/cluster");
      return r.statusCode() == 200 ? Optional.of(json.readTree(r.body())) : Optional.empty();
    } catch (IOException | InterruptedException e) {
      return Optional.empty();
    }
  }

  private void awaitBaseline(DbscopeProcess p) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(300))
        .until(
            () -> {
              scrape(p);
              return !json.readTree(
                      get(p.url() + "/api/v1/datasources/" + DS + "/statements?limit=5").body())
                  .path("statements")
                  .isEmpty();
            });
  }

  private String awaitQueryid(DbscopeProcess p) {
    AtomicReference<String> id = new AtomicReference<>();
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(300))
        .until(
            () -> {
              scrape(p);
              JsonNode body =
                  json.readTree(
                      get(p.url() + "/api/v1/datasources/" + DS + "/statements?limit=5000").body());
              for (JsonNode s : body.path("statements")) {
                String text = s.path("text").asText();
                if (text.contains("handoff_probe") && text.startsWith("SELECT")) {
                  id.set(s.path("fingerprint").asText());
                  return true;
                }
              }
              return false;
            });
    return id.get();
  }

  /**
   * Scrapes until the statement's calls counter reaches {@code expected}; fails at once on a value
   * below what this owner showed first (a reset) or above {@code expected} (a double count).
   */
  private double awaitCalls(DbscopeProcess p, String queryid, double expected) {
    AtomicReference<Double> last = new AtomicReference<>(Double.NaN);
    AtomicReference<String> seen = new AtomicReference<>("");
    try {
      awaitCalls(p, queryid, expected, last, seen);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(
          "calls of " + queryid + " never reached " + expected + "; last scrape:\n" + seen.get(),
          e);
    }
    return last.get();
  }

  private void awaitCalls(
      DbscopeProcess p,
      String queryid,
      double expected,
      AtomicReference<Double> last,
      AtomicReference<String> seen) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(300))
        .until(
            () -> {
              String body = scrape(p);
              seen.set(
                  String.join(
                      "\n",
                      body.lines()
                          .filter(
                              l -> l.startsWith("pg_query_calls") || l.startsWith("dbscope_coll"))
                          .toList()));
              Double v = calls(body, queryid);
              if (v == null) {
                return false;
              }
              assertThat(v).as("calls of the probe statement").isLessThanOrEqualTo(expected);
              last.set(v);
              return v == expected;
            });
  }

  private static Double calls(String body, String queryid) {
    for (String line : body.lines().toList()) {
      if (line.startsWith("pg_query_calls_total{")
          && line.contains("queryid=\"" + queryid + "\"")) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return null;
  }

  private static double metric(String body, String series) {
    return body.lines()
        .filter(l -> l.startsWith(series + " "))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .findFirst()
        .orElse(Double.NaN);
  }

  private String scrape(DbscopeProcess p) throws IOException, InterruptedException {
    return get(p.url() + "/probe?target=" + DS).body();
  }

  private HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
