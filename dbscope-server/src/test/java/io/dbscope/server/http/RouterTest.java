package io.dbscope.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The router on its own, over real HTTP on port 0: which route answers, and the answers no route
 * gives (404, 405, a failing handler), plus the JSON endpoints' error answers.
 */
class RouterTest {
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper json = new ObjectMapper();
  private HttpServer server;

  @BeforeEach
  void start() throws Exception {
    JsonAnswers answers = new JsonAnswers();
    Router router =
        new Router(() -> "Not found. Try /a.\n")
            .route(PathPattern.exactly("/a"), Methods.READ, r -> r.text(200, "a\n"))
            .route(PathPattern.exactly("/a"), Methods.READ, r -> r.text(200, "shadowed\n"))
            .route(PathPattern.exactly("/change"), Methods.CHANGE, r -> r.text(200, r.method()))
            .route(PathPattern.exactly("/any"), Methods.ANY, r -> r.text(200, r.method()))
            .route(PathPattern.exactly(() -> "/configured"), Methods.READ, r -> r.text(200, "c\n"))
            .route(
                PathPattern.between("/items/", "/detail"),
                Methods.READ,
                answers.route(
                    r ->
                        r.pathPart().equals("bad")
                            ? JsonAnswer.error(400, "no item named 'bad'")
                            : JsonAnswer.success(item(r))))
            .route(
                PathPattern.exactly("/document"),
                Methods.READ,
                answers.route(r -> JsonAnswer.document(List.of(Map.of("a", "b")))))
            .route(
                PathPattern.exactly("/json-broken"),
                Methods.READ,
                answers.route(
                    r -> {
                      throw new IllegalStateException("secret detail");
                    }))
            .route(
                PathPattern.exactly("/text-broken"),
                Methods.READ,
                r -> {
                  throw new IllegalStateException("secret detail");
                })
            .route(
                PathPattern.exactly("/gzip-broken"),
                Methods.READ,
                r -> {
                  // As a scrape does: the encoding set, the gzipped body held unsent, then a
                  // failure.
                  r.setHeader("Content-Encoding", "gzip");
                  throw new IllegalStateException("secret detail");
                });
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext("/", router);
    server.start();
  }

  private static Map<String, Object> item(Request r) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("item", r.pathPart());
    body.put("q", r.param("q").orElse("none"));
    return body;
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void theFirstRouteOfAPathAnswersWithItsHandler() throws Exception {
    assertThat(send("GET", "/a").body()).isEqualTo("a\n");
    assertThat(send("GET", "/configured").body()).isEqualTo("c\n");
    assertThat(send("DELETE", "/any").body()).isEqualTo("DELETE");
    assertThat(send("PUT", "/change").body()).isEqualTo("PUT");
    HttpResponse<String> head = send("HEAD", "/a");
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
  }

  @Test
  void anUnknownPathIsNotFoundAndOnlyReadLikeAnyPage() throws Exception {
    HttpResponse<String> r = send("GET", "/nothing");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).isEqualTo("Not found. Try /a.\n");
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
    assertThat(send("GET", "/items//detail").statusCode()).isEqualTo(404);

    HttpResponse<String> post = send("POST", "/nothing");
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
  }

  @Test
  void aMethodTheRouteDoesNotTakeIs405WithTheMethodsItTakes() throws Exception {
    HttpResponse<String> post = send("POST", "/a");
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    assertThat(post.body()).isEqualTo("Method not allowed\n");

    HttpResponse<String> get = send("GET", "/change");
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers().firstValue("Allow")).hasValue("POST, PUT");
    assertThat(get.body()).isEqualTo("Only POST or PUT requests allowed\n");
  }

  @Test
  void jsonEndpointsAnswerSuccessAndErrorsInOneShape() throws Exception {
    HttpResponse<String> ok = send("GET", "/items/x%2Fy/detail?q=a%20b");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode body = json.readTree(ok.body());
    assertThat(body.path("status").asText()).isEqualTo("success");
    assertThat(body.path("item").asText()).isEqualTo("x/y");
    assertThat(body.path("q").asText()).isEqualTo("a b");

    HttpResponse<String> bad = send("GET", "/items/bad/detail");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(json.readTree(bad.body()))
        .isEqualTo(
            json.readTree(
                "{\"status\":\"error\",\"error\":\"no item named 'bad'\","
                    + "\"message\":\"no item named 'bad'\"}"));
  }

  @Test
  void aDocumentIsTheWholeAnswer() throws Exception {
    HttpResponse<String> doc = send("GET", "/document");
    assertThat(doc.statusCode()).isEqualTo(200);
    assertThat(doc.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(doc.body()).isEqualTo("[{\"a\":\"b\"}]");
  }

  @Test
  void aFailingHandlerIsA500WithoutItsExceptionText() throws Exception {
    HttpResponse<String> broken = send("GET", "/json-broken");
    assertThat(broken.statusCode()).isEqualTo(500);
    assertThat(broken.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode body = json.readTree(broken.body());
    assertThat(body.path("status").asText()).isEqualTo("error");
    assertThat(body.path("error").asText()).isNotBlank();
    assertThat(broken.body()).doesNotContain("secret detail").doesNotContain("Exception");

    HttpResponse<String> text = send("GET", "/text-broken");
    assertThat(text.statusCode()).isEqualTo(500);
    assertThat(text.body())
        .isNotBlank()
        .doesNotContain("secret detail")
        .doesNotContain("Exception");
  }

  @Test
  void aFailureAfterAnEncodingWasChosenIsAnsweredAsPlainText() throws Exception {
    HttpResponse<String> r = send("GET", "/gzip-broken");
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
    assertThat(r.body()).startsWith("Internal error").doesNotContain("secret detail");
  }

  private HttpResponse<String> send(String method, String path) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(10))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
