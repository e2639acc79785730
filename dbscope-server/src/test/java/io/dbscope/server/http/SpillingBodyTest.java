package io.dbscope.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bodies written through {@link SpillingBody} to a real JDK HTTP server, read by the JDK's client:
 * within the limit they come with their length, past it chunked, and whole either way.
 */
class SpillingBodyTest {
  private static final int LIMIT = 10_000;

  private final HttpClient client = HttpClient.newHttpClient();
  private final BlockingQueue<byte[]> returned = new LinkedBlockingQueue<>();
  private HttpServer server;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          int size = Integer.parseInt(exchange.getRequestURI().getPath().substring(1));
          try (OutputStream out =
              new SpillingBody(exchange, 200, LIMIT, new byte[16], returned::add)) {
            // In pieces of 7 bytes, as a writer drains its buffer now and then.
            for (int i = 0; i < size; i += 7) {
              byte[] piece = new byte[Math.min(7, size - i)];
              for (int j = 0; j < piece.length; j++) {
                piece[j] = (byte) (i + j);
              }
              out.write(piece, 0, piece.length);
            }
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void aBodyWithinTheLimitIsSentWithItsLength() throws Exception {
    HttpResponse<byte[]> r = get(LIMIT);
    assertThat(r.headers().firstValue("Content-Length")).hasValue(String.valueOf(LIMIT));
    assertThat(r.headers().firstValue("Transfer-Encoding")).isEmpty();
    assertWhole(r.body(), LIMIT);
    assertThat(returnedBuffer()).hasSize(LIMIT);
    assertThat(returned).isEmpty();
  }

  @Test
  void aBodyPastTheLimitIsSentChunkedAndWhole() throws Exception {
    HttpResponse<byte[]> r = get(LIMIT * 5 + 3);
    assertThat(r.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
    assertThat(r.headers().firstValue("Content-Length")).isEmpty();
    assertWhole(r.body(), LIMIT * 5 + 3);
    assertThat(returnedBuffer()).isNotNull();
    assertThat(returned).isEmpty();
  }

  @Test
  void anEmptyBodyIsAnEmptyAnswer() throws Exception {
    HttpResponse<byte[]> r = get(0);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEmpty();
  }

  /**
   * The buffer the body gave back. It goes back when the handler closes the body, which may be
   * after the client has read the last byte: waited for, not looked up.
   */
  private byte[] returnedBuffer() throws InterruptedException {
    return returned.poll(10, TimeUnit.SECONDS);
  }

  private HttpResponse<byte[]> get(int size) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + size);
    return client.send(
        HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static void assertWhole(byte[] body, int size) {
    assertThat(body).hasSize(size);
    for (int i = 0; i < size; i++) {
      if (body[i] != (byte) i) {
        throw new AssertionError("byte " + i + " is " + body[i]);
      }
    }
  }
}
