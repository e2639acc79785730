package io.dbscope.server.security;

import static io.dbscope.server.security.UserAuthTest.basic;
import static io.dbscope.server.security.UserAuthTest.hash;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The filter over plain HTTP on port 0: users, headers, open and excluded paths, rate limit,
 * reload.
 */
class WebSecurityTest {
  private static final String ALICE = hash("wonderland", 4);
  @TempDir Path dir;
  private HttpServer server;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
    client.close();
  }

  private WebConfig config(String yaml) throws WebConfigException {
    return WebConfig.parse(yaml, dir.resolve("web-config.yml"));
  }

  private int start(WebSecurity security) throws Exception {
    server = security.createServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    assertThat(server).isNotInstanceOf(HttpsServer.class);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server
        .createContext(
            "/",
            ex -> {
              byte[] b = ("ok " + ex.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
              ex.sendResponseHeaders(200, b.length);
              ex.getResponseBody().write(b);
              ex.close();
            })
        .getFilters()
        .add(security.filter(Set.of("/-/healthy")));
    server.start();
    return server.getAddress().getPort();
  }

  private HttpResponse<String> get(int port, String path, String authorization) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void basicAuthUsersGoodBadAndUnknown() throws Exception {
    int port =
        start(
            WebSecurity.start(
                config("basic_auth_users:\n  alice: " + ALICE + "\n"), Optional.empty()));
    assertThat(get(port, "/metrics", basic("alice", "wonderland")).statusCode()).isEqualTo(200);
    HttpResponse<String> bad = get(port, "/metrics", basic("alice", "nope"));
    assertThat(bad.statusCode()).isEqualTo(401);
    assertThat(bad.headers().firstValue("WWW-Authenticate")).contains("Basic realm=\"dbscope\"");
    assertThat(get(port, "/metrics", basic("mallory", "wonderland")).statusCode()).isEqualTo(401);
    assertThat(get(port, "/metrics", null).statusCode()).isEqualTo(401);
    assertThat(get(port, "/-/healthy", null).statusCode()).as("open path").isEqualTo(200);
  }

  @Test
  void headersAreOnEveryAnswerAndExcludedPathsNeedNoCredentials() throws Exception {
    int port =
        start(
            WebSecurity.start(
                config(
                    """
                    http_server_config:
                      headers:
                        X-Frame-Options: deny
                        X-Content-Type-Options: nosniff
                        Content-Security-Policy: ""
                    basic_auth_users:
                      alice: %s
                    basic_auth_excluded_paths: [/-/ready]
                    """
                        .formatted(ALICE)),
                Optional.empty()));
    HttpResponse<String> denied = get(port, "/metrics", null);
    assertThat(denied.statusCode()).isEqualTo(401);
    assertThat(denied.headers().firstValue("X-Frame-Options")).contains("deny");
    HttpResponse<String> ready = get(port, "/-/ready", null);
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    assertThat(ready.headers().firstValue("Content-Security-Policy"))
        .as("blank means unset")
        .isEmpty();
  }

  @Test
  void rateLimitAnswers429PastTheBurst() throws Exception {
    int port =
        start(
            WebSecurity.start(
                config("rate_limit:\n  interval: 1h\n  burst: 2\n"), Optional.empty()));
    assertThat(get(port, "/", null).statusCode()).isEqualTo(200);
    assertThat(get(port, "/", null).statusCode()).isEqualTo(200);
    assertThat(get(port, "/", null).statusCode()).isEqualTo(429);
  }

  @Test
  void withoutUsersTheSeedsAuthenticatorApplies() throws Exception {
    Authenticator seed = h -> basic("admin", "pw").equals(h);
    int port = start(WebSecurity.start(WebConfig.none(), Optional.of(seed)));
    assertThat(get(port, "/", basic("admin", "pw")).statusCode()).isEqualTo(200);
    assertThat(get(port, "/", basic("admin", "no")).statusCode()).isEqualTo(401);
  }

  @Test
  void reloadSwapsUsersAndRefusesToTurnTlsOn() throws Exception {
    WebSecurity security = WebSecurity.start(WebConfig.none(), Optional.empty());
    int port = start(security);
    assertThat(get(port, "/", null).statusCode()).isEqualTo(200);
    security.reload(config("basic_auth_users:\n  alice: " + ALICE + "\n"), Optional.empty());
    assertThat(get(port, "/", null).statusCode()).isEqualTo(401);
    assertThat(get(port, "/", basic("alice", "wonderland")).statusCode()).isEqualTo(200);
    WebConfig tls = config("tls_server_config:\n  cert_file: a.crt\n  key_file: a.key\n");
    assertThatThrownBy(() -> security.reload(tls, Optional.empty()))
        .isInstanceOf(WebConfigException.class)
        .hasMessageContaining("turning TLS on needs a restart");
    assertThat(security.config().users()).containsOnlyKeys("alice");
  }
}
