package io.dbscope.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.dbscope.server.httpd.BlockingHttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * dbscope's own server by default, the JDK's when {@code -Ddbscope.http.server=jdk} asks for it
 * (the way back if dbscope's ever misbehaves with some client); both serve the same handlers.
 */
class HttpsServerFactoryTest {
  private static String serve(HttpServer server) throws Exception {
    server.createContext(
        "/",
        ex -> {
          byte[] b = ("served " + ex.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(200, b.length);
          ex.getResponseBody().write(b);
          ex.close();
        });
    server.start();
    try (HttpClient client = HttpClient.newHttpClient()) {
      return client
          .send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/x"))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } finally {
      server.stop(0);
    }
  }

  private static InetSocketAddress anyPort() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
  }

  @Test
  void dbscopesOwnServerByDefault() throws Exception {
    HttpServer server = HttpsServerFactory.create(Optional.empty(), anyPort(), 4);
    assertThat(server).isInstanceOf(BlockingHttpServer.class);
    assertThat(serve(server)).isEqualTo("served /x");
  }

  @Test
  void theJdksServerWhenThePropertyAsksForIt() throws Exception {
    System.setProperty(HttpsServerFactory.SERVER_PROPERTY, "jdk");
    try {
      HttpServer server = HttpsServerFactory.create(Optional.empty(), anyPort(), 4);
      assertThat(server.getClass().getName()).startsWith("sun.net.httpserver.");
      assertThat(serve(server)).isEqualTo("served /x");
    } finally {
      System.clearProperty(HttpsServerFactory.SERVER_PROPERTY);
    }
  }
}
