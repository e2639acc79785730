package io.dbscope.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbscope.core.config.ConfigException;
import io.dbscope.core.config.ConfigLoader;
import io.dbscope.server.cli.TestAccess;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /sd}, Prometheus' HTTP service discovery, over real HTTP: one {@code /probe} target group
 * per enabled datasource at the address the client reached dbscope at, its labels, a reload's new
 * list, and the answers of the JSON endpoints. Nothing connects to the datasources, so none is
 * running; {@link io.dbscope.server.deploy.PrometheusServiceDiscoveryTest} has a real Prometheus
 * follow the list.
 */
class ServiceDiscoveryTest {
  private final ObjectMapper json = new ObjectMapper();

  private static String datasource(String name, String engine, String extra) {
    return """
        [[datasource]]
        name = "%s"
        engine = "%s"
        dbHost = "127.0.0.1:1"
        %s
        """
        .formatted(name, engine, extra);
  }

  private static AutoCloseable start(Path file, String toml) throws Exception {
    Files.writeString(file, toml);
    return TestAccess.start(new ConfigLoader(Engines.catalog(), Map.of()).load(file));
  }

  @Test
  void listsEachEnabledDatasourceAsAProbeTargetWithItsLabels(@TempDir Path dir) throws Exception {
    String toml =
        "listenAddress = \"127.0.0.1:0\"\n"
            + datasource("orders-db", "postgres", "labels = \"cluster=prod,role=primary\"")
            + datasource("session-cache", "redis", "")
            + datasource("old-db", "mariadb", "enabled = false");
    try (AutoCloseable running = start(dir.resolve("dbscope.toml"), toml)) {
      int port = TestAccess.port(running);
      HttpResponse<String> r = new HttpClientSupport(port).get("/sd");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
      String target = "127.0.0.1:" + port;
      assertThat(json.readTree(r.body()))
          .isEqualTo(
              json.readTree(
                  """
                  [
                    {"targets": ["%1$s"],
                     "labels": {"__metrics_path__": "/probe", "__param_target": "orders-db",
                                "instance": "orders-db",
                                "__meta_dbscope_datasource": "orders-db",
                                "__meta_dbscope_engine": "postgres",
                                "__meta_dbscope_label_cluster": "prod",
                                "__meta_dbscope_label_role": "primary"}},
                    {"targets": ["%1$s"],
                     "labels": {"__metrics_path__": "/probe", "__param_target": "session-cache",
                                "instance": "session-cache",
                                "__meta_dbscope_datasource": "session-cache",
                                "__meta_dbscope_engine": "redis"}}
                  ]
                  """
                      .formatted(target)));
    }
  }

  @Test
  void theTargetIsTheAddressTheClientWroteInItsUrl(@TempDir Path dir) throws Exception {
    String toml = "listenAddress = \"127.0.0.1:0\"\n" + datasource("cache", "redis", "");
    try (AutoCloseable running = start(dir.resolve("dbscope.toml"), toml)) {
      int port = TestAccess.port(running);
      assertThat(targets(port, "HTTP/1.1", "dbscope.example.org:9630"))
          .containsExactly("dbscope.example.org:9630");
      assertThat(targets(port, "HTTP/1.1", "[::1]:9630")).containsExactly("[::1]:9630");
      assertThat(targets(port, "HTTP/1.1", "shop_dbscope_1")).containsExactly("shop_dbscope_1");
      // A Host header that is no host:port, and none at all (HTTP/1.0): the connection's address.
      assertThat(targets(port, "HTTP/1.1", "evil\"host/x")).containsExactly("127.0.0.1:" + port);
      assertThat(targets(port, "HTTP/1.0", null)).containsExactly("127.0.0.1:" + port);
    }
  }

  @Test
  void aReloadChangesTheList(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("dbscope.toml");
    String head = "listenAddress = \"127.0.0.1:0\"\n";
    try (AutoCloseable running = start(file, head + datasource("a", "redis", ""))) {
      int port = TestAccess.port(running);
      HttpClientSupport http = new HttpClientSupport(port);
      assertThat(names(http.get("/sd").body())).containsExactly("a");

      Files.writeString(
          file,
          head
              + datasource("a", "redis", "enabled = false")
              + datasource("b", "redis", "")
              + datasource("c", "postgres", ""));
      assertThat(HotReloadTest.post(port, "/-/reload").statusCode()).isEqualTo(200);
      assertThat(names(http.get("/sd").body())).containsExactly("b", "c");

      Files.writeString(file, head + datasource("a", "redis", "enabled = false"));
      assertThat(HotReloadTest.post(port, "/-/reload").statusCode()).isEqualTo(200);
      HttpResponse<String> none = http.get("/sd");
      assertThat(none.statusCode()).isEqualTo(200);
      assertThat(none.body()).isEqualTo("[]");
    }
  }

  @Test
  void onlyReadsAndNoMetricPathTakesItsPath(@TempDir Path dir) throws Exception {
    String toml = "listenAddress = \"127.0.0.1:0\"\n" + datasource("cache", "redis", "");
    try (AutoCloseable running = start(dir.resolve("dbscope.toml"), toml)) {
      int port = TestAccess.port(running);
      HttpResponse<String> post = HotReloadTest.post(port, "/sd");
      assertThat(post.statusCode()).isEqualTo(405);
      assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
      HttpResponse<String> head =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/sd"))
                      .method("HEAD", HttpRequest.BodyPublishers.noBody())
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(head.statusCode()).isEqualTo(200);
      assertThat(head.body()).isEmpty();
    }
    Path taken = dir.resolve("taken.toml");
    Files.writeString(taken, "metricPath = \"/sd\"\n" + datasource("cache", "redis", ""));
    assertThatThrownBy(() -> new ConfigLoader(Engines.catalog(), Map.of()).load(taken))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'/sd' is taken by another endpoint of dbscope");
  }

  private List<String> names(String body) throws Exception {
    List<String> out = new ArrayList<>();
    for (JsonNode group : json.readTree(body)) {
      out.add(group.path("labels").path("__param_target").asText());
    }
    return out;
  }

  /** The targets {@code /sd} answers a request written by hand, with this Host header or none. */
  private List<String> targets(int port, String version, String host) throws Exception {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(10_000);
      String request =
          "GET /sd "
              + version
              + "\r\n"
              + (host == null ? "" : "Host: " + host + "\r\n")
              + "Connection: close\r\n\r\n";
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(answer.substring(0, answer.indexOf("\r\n"))).as(answer).contains(" 200 ");
      String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
      List<String> targets = new ArrayList<>();
      for (JsonNode group : json.readTree(body)) {
        group.path("targets").forEach(t -> targets.add(t.asText()));
      }
      return targets;
    }
  }
}
