package io.dbscope.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbscope.core.config.ConfigLoader;
import io.dbscope.server.cli.RunCommand;
import io.dbscope.server.cli.TestAccess;
import io.dbscope.testkit.PostgresFixture;
import io.dbscope.testkit.RedisFixture;
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
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * API v1 over HTTP against a real PostgreSQL (with pg_stat_statements) and a real Redis, and the
 * OpenAPI document held true: every API route is documented, and every documented path answers with
 * the fields its schema requires.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleApiTest {
  private static final String PASSWORD = "S3cr3t-console";
  private final ObjectMapper json = new ObjectMapper();
  private PostgresFixture pg;
  private RedisFixture redis;
  private AutoCloseable running;
  private HttpClientSupport http;
  private String queryid;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    pg = PostgresFixture.builder().statStatements().start();
    redis = RedisFixture.system().password(PASSWORD).start();
    try (Connection c = pg.connect();
        Statement st = c.createStatement()) {
      st.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
      st.execute("CREATE TABLE console_probe (id int)");
      for (int i = 0; i < 30; i++) {
        st.execute("INSERT INTO console_probe VALUES (" + i + ")");
      }
    }
    Path cfg = dir.resolve("console.toml");
    Files.writeString(
        cfg,
        """
        listenAddress = "127.0.0.1:0"
        [[datasource]]
        name = "pg"
        engine = "postgres"
        dbHost = "127.0.0.1:%d"
        dbUser = "postgres"
        labels = "team=core"
        [[datasource]]
        name = "cache"
        engine = "redis"
        dbHost = "127.0.0.1:%d"
        dbPwd = "%s"
        labels = "team=web"
        """
            .formatted(pg.port(), redis.port(), PASSWORD));
    running = TestAccess.start(new ConfigLoader(Engines.catalog(), Map.of()).load(cfg));
    http = new HttpClientSupport(TestAccess.port(running));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> http.get("/metrics").body().contains("pg_query_calls_total{"));
    // A second collection, so that statements have intervals and the history rates.
    http.get("/metrics");
    JsonNode st = get("/api/v1/statements?datasource=pg&q=console_probe");
    queryid = st.path("statements").path(0).path("fingerprint").asText();
  }

  @AfterAll
  void stop() throws Exception {
    running.close();
    redis.close();
    pg.close();
  }

  @Test
  void listsTheFleetWithStatesAndFilters() throws Exception {
    JsonNode all = get("/api/v1/datasources");
    assertThat(all.path("total").asInt()).isEqualTo(2);
    assertThat(all.path("engines").toString()).contains("postgres").contains("redis");
    JsonNode pgRow = row(all, "pg");
    assertThat(pgRow.path("state").asText()).isEqualTo("healthy");
    assertThat(pgRow.path("server_version").asText()).startsWith("18");
    assertThat(pgRow.path("role").asText()).isEqualTo("primary");
    assertThat(pgRow.path("last_scrape_seconds").asDouble()).isPositive();
    assertThat(pgRow.path("slowest_collector").asText()).isNotEmpty();
    JsonNode web = get("/api/v1/datasources?label=team%3Dweb");
    assertThat(web.path("matching").asInt()).isEqualTo(1);
    assertThat(web.path("datasources").path(0).path("name").asText()).isEqualTo("cache");
    assertThat(get("/api/v1/datasources?engine=redis&page_size=1").path("pages").asInt())
        .isEqualTo(1);
    assertThat(get("/api/v1/datasources?state=unhealthy").path("matching").asInt()).isZero();
  }

  @Test
  void detailTellsEachCollectorsRunOrWhyItIsNotPlanned() throws Exception {
    JsonNode d = get("/api/v1/datasources/pg");
    assertThat(d.path("statements").asBoolean()).isTrue();
    List<JsonNode> planned = new ArrayList<>();
    List<JsonNode> skipped = new ArrayList<>();
    d.path("collectors").forEach(c -> (c.path("planned").asBoolean() ? planned : skipped).add(c));
    assertThat(planned).isNotEmpty();
    assertThat(planned)
        .anySatisfy(
            c -> {
              assertThat(c.path("last_success").asText()).isNotEmpty();
              assertThat(c.path("last_seconds").isNumber()).isTrue();
            });
    assertThat(skipped)
        .isNotEmpty()
        .allSatisfy(c -> assertThat(c.path("skip_reason").asText()).isNotBlank());
    assertThat(d.path("history").has("times")).isTrue();
    assertThat(status("/api/v1/datasources/nope")).isEqualTo(404);
  }

  @Test
  void topSqlFiltersSortsPagesAndGroups() throws Exception {
    JsonNode page = get("/api/v1/statements?datasource=pg&sort=calls&page_size=2");
    assertThat(page.path("statements").size()).isEqualTo(2);
    assertThat(page.path("pages").asInt()).isGreaterThan(1);
    double first = page.path("statements").path(0).path("calls").asDouble();
    double second = page.path("statements").path(1).path("calls").asDouble();
    assertThat(first).isGreaterThanOrEqualTo(second);
    JsonNode next = get("/api/v1/statements?datasource=pg&sort=calls&page_size=2&page=2");
    assertThat(next.path("statements").path(0).path("fingerprint").asText())
        .isNotEqualTo(page.path("statements").path(0).path("fingerprint").asText());
    JsonNode byUser = get("/api/v1/statements?dimension=user");
    assertThat(byUser.path("groups").path(0).path("key").asText()).isEqualTo("postgres");
    assertThat(get("/api/v1/datasources/pg/statements?user=nobody").path("statements").size())
        .isZero();
    assertThat(
            get("/api/v1/datasources/pg/statements?user=postgres&limit=3")
                .path("statements")
                .size())
        .isEqualTo(3);
    JsonNode one = get("/api/v1/datasources/pg/statements/" + queryid);
    assertThat(one.path("statement").path("text").asText()).contains("console_probe");
    assertThat(status("/api/v1/statements?sort=nonsense")).isEqualTo(400);
    assertThat(status("/api/v1/statements?page=x")).isEqualTo(400);
    assertThat(status("/api/v1/statements?datasource=cache")).isEqualTo(404);
  }

  @Test
  void configIsRedactedAndErrorsAreJson() throws Exception {
    HttpResponse<String> r = http.get("/api/v1/config");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).doesNotContain(PASSWORD).contains("******").contains("\"datasources\"");
    JsonNode err = json.readTree(http.get("/api/v1/datasources/nope").body());
    assertThat(err.path("status").asText()).isEqualTo("error");
    assertThat(err.path("message").asText()).contains("nope");
    assertThat(get("/api/v1/events?limit=5").path("events").isArray()).isTrue();
  }

  @Test
  void reloadAnswersJson() throws Exception {
    HttpResponse<String> r = post("/api/v1/reload");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json.readTree(r.body()).path("message").asText()).contains("config reloaded");
    assertThat(status("/api/v1/reload")).isEqualTo(405);
  }

  /** Every API route is documented, and every documented path answers its documented shape. */
  @Test
  void openApiDocumentIsTrue() throws Exception {
    JsonNode doc = get("/api/v1/openapi.json");
    JsonNode paths = doc.path("paths");
    List<String> routes = ((RunCommand.Running) running).http().routeTemplates();
    List<String> api = routes.stream().filter(t -> t.contains(" /api/")).toList();
    assertThat(api).hasSizeGreaterThanOrEqualTo(paths.size());
    for (String route : api) {
      String method = route.startsWith("CHANGE") ? "post" : "get";
      String path = route.substring(route.indexOf(' ') + 1);
      assertThat(paths.path(path).has(method)).as(route + " documented").isTrue();
    }
    for (Iterator<String> it = paths.fieldNames(); it.hasNext(); ) {
      String path = it.next();
      String concrete = path.replace("{name}", "pg").replace("{fingerprint}", queryid);
      boolean post = paths.path(path).has("post");
      HttpResponse<String> r = post ? post(concrete) : http.get(concrete);
      assertThat(r.statusCode()).as(concrete).isEqualTo(200);
      JsonNode schema =
          resolve(
              doc,
              paths
                  .path(path)
                  .path(post ? "post" : "get")
                  .path("responses")
                  .path("200")
                  .path("content")
                  .path("application/json")
                  .path("schema"));
      conforms(doc, schema, json.readTree(r.body()), concrete);
    }
  }

  private static JsonNode resolve(JsonNode doc, JsonNode schema) {
    String ref = schema.path("$ref").asText("");
    return ref.isEmpty() ? schema : doc.at(ref.substring(1));
  }

  /** Required fields present, recursively through documented properties and array items. */
  private static void conforms(JsonNode doc, JsonNode schema, JsonNode value, String where) {
    schema = resolve(doc, schema);
    for (JsonNode req : schema.path("required")) {
      assertThat(value.has(req.asText())).as(where + " has " + req.asText()).isTrue();
    }
    for (var e : schema.path("properties").properties()) {
      JsonNode v = value.path(e.getKey());
      JsonNode s = resolve(doc, e.getValue());
      if (s.has("items") && v.isArray()) {
        for (JsonNode item : v) {
          conforms(doc, s.path("items"), item, where + "." + e.getKey() + "[]");
        }
      } else if (v.isObject()) {
        conforms(doc, s, v, where + "." + e.getKey());
      }
    }
  }

  private JsonNode row(JsonNode page, String name) {
    for (JsonNode d : page.path("datasources")) {
      if (d.path("name").asText().equals(name)) {
        return d;
      }
    }
    throw new AssertionError(name + " not listed: " + page);
  }

  private JsonNode get(String path) throws Exception {
    HttpResponse<String> r = http.get(path);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    return json.readTree(r.body());
  }

  private int status(String path) throws Exception {
    return http.get(path).statusCode();
  }

  private HttpResponse<String> post(String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + TestAccess.port(running) + path))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
