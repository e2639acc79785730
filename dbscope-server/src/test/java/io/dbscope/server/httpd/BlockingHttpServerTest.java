package io.dbscope.server.httpd;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The blocking server spoken to byte by byte over real sockets (and by the JDK's HTTP client):
 * keep-alive and pipelining, the three ways of framing an answer, bodies left unread, chunked
 * requests, {@code Expect: 100-continue}, and the requests it refuses before any handler sees them.
 */
class BlockingHttpServerTest {
  private BlockingHttpServer server;
  private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();

  @BeforeEach
  void start() throws IOException {
    server =
        BlockingHttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext("/", this::answer);
    server.createContext("/echo", BlockingHttpServerTest::echo);
    server.createContext("/silent", HttpExchange::close);
    server.createContext(
        "/fails",
        ex -> {
          throw new IllegalStateException("a handler's bug");
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  /** "/chunked…" answers with chunks, anything else with a length; the body names the path. */
  private void answer(HttpExchange ex) throws IOException {
    clientPorts.add(ex.getRemoteAddress().getPort());
    byte[] body = ("path " + ex.getRequestURI().getPath() + "\n").getBytes(UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/plain");
    boolean chunked = ex.getRequestURI().getPath().startsWith("/chunked");
    if (ex.getRequestMethod().equals("HEAD")) {
      ex.sendResponseHeaders(200, -1);
    } else {
      ex.sendResponseHeaders(200, chunked ? 0 : body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body, 0, 3);
        out.write(body, 3, body.length - 3);
      }
    }
    ex.close();
  }

  private static void echo(HttpExchange ex) throws IOException {
    byte[] body = ex.getRequestBody().readAllBytes();
    ex.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
    ex.getResponseBody().write(body);
    ex.close();
  }

  private record Answer(String statusLine, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private Socket connect() throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getAddress().getPort());
    s.setSoTimeout(10_000);
    return s;
  }

  private static void send(Socket s, String text) throws IOException {
    s.getOutputStream().write(text.getBytes(ISO_8859_1));
    s.getOutputStream().flush();
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != '\n') {
      if (c < 0) {
        throw new IOException("the connection ended in a line");
      }
      b.write(c);
    }
    String s = b.toString(ISO_8859_1);
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }

  /** Reads one answer; {@code head} for a HEAD request's (no body whatever the headers say). */
  private static Answer read(InputStream in, boolean head) throws IOException {
    String status = line(in);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String h = line(in); !h.isEmpty(); h = line(in)) {
      int colon = h.indexOf(':');
      headers.put(h.substring(0, colon).toLowerCase(Locale.ROOT), h.substring(colon + 1).strip());
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (!head && "chunked".equals(headers.get("transfer-encoding"))) {
      for (int size = Integer.parseInt(line(in), 16); size > 0; ) {
        body.write(in.readNBytes(size));
        assertThat(line(in)).isEmpty();
        size = Integer.parseInt(line(in), 16);
      }
      assertThat(line(in)).isEmpty();
    } else if (!head && headers.containsKey("content-length")) {
      body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
    } else if (!head && "close".equals(headers.get("connection"))) {
      body.write(in.readAllBytes());
    }
    return new Answer(status, headers, body.toString(UTF_8));
  }

  private static boolean closedByServer(Socket s) throws IOException {
    return s.getInputStream().read() == -1;
  }

  @Test
  void pipelinedRequestsAreAnsweredInTurnOnOneConnection() throws IOException {
    try (Socket s = connect()) {
      send(
          s,
          "GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /chunked/b HTTP/1.1\r\nHost: x\r\n\r\n"
              + "HEAD /c HTTP/1.1\r\nHost: x\r\n\r\nGET /d?x=1 HTTP/1.1\r\nHost: x\r\n\r\n");
      InputStream in = s.getInputStream();
      Answer a = read(in, false);
      assertThat(a.statusLine()).isEqualTo("HTTP/1.1 200 OK");
      assertThat(a.body()).isEqualTo("path /a\n");
      assertThat(a.header("Content-Length")).isEqualTo("8");
      assertThat(a.header("Date")).endsWith(" GMT");
      Answer b = read(in, false);
      assertThat(b.header("Transfer-Encoding")).isEqualTo("chunked");
      assertThat(b.body()).isEqualTo("path /chunked/b\n");
      Answer c = read(in, true);
      assertThat(c.statusLine()).isEqualTo("HTTP/1.1 200 OK");
      assertThat(c.header("Content-Length")).isNull();
      assertThat(read(in, false).body()).isEqualTo("path /d\n");
    }
    assertThat(clientPorts).hasSize(1);
  }

  @Test
  void theJdkClientReusesItsConnection() throws Exception {
    try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
      for (String path : new String[] {"/x", "/chunked", "/y"}) {
        HttpResponse<String> r =
            client.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("path " + path + "\n");
      }
    }
    assertThat(clientPorts).hasSize(1);
  }

  @Test
  void aBodyTheHandlerLeftUnreadIsSkippedBeforeTheNextRequest() throws IOException {
    try (Socket s = connect()) {
      send(s, "POST /a HTTP/1.1\r\nContent-Length: 11\r\n\r\nhello worldGET /b HTTP/1.1\r\n\r\n");
      assertThat(read(s.getInputStream(), false).body()).isEqualTo("path /a\n");
      assertThat(read(s.getInputStream(), false).body()).isEqualTo("path /b\n");
    }
  }

  @Test
  void aChunkedRequestBodyIsReadWithItsTrailers() throws IOException {
    try (Socket s = connect()) {
      send(
          s,
          "POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
              + "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n"
              + "GET /after HTTP/1.1\r\n\r\n");
      assertThat(read(s.getInputStream(), false).body()).isEqualTo("hello world");
      assertThat(read(s.getInputStream(), false).body()).isEqualTo("path /after\n");
    }
  }

  @Test
  void aMalformedChunkIsRefusedIfReadAndEndsTheConnectionIfAnsweredFirst() throws IOException {
    String body = "Transfer-Encoding: chunked\r\n\r\n+5\r\nhello\r\n0\r\n\r\n";
    try (Socket s = connect()) {
      send(s, "POST /echo HTTP/1.1\r\n" + body);
      assertThat(read(s.getInputStream(), false).statusLine()).startsWith("HTTP/1.1 400 ");
      assertThat(closedByServer(s)).isTrue();
    }
    try (Socket s = connect()) {
      send(s, "POST /a HTTP/1.1\r\n" + body + "GET /b HTTP/1.1\r\n\r\n");
      assertThat(read(s.getInputStream(), false).body()).isEqualTo("path /a\n");
      assertThat(closedByServer(s)).as("no second answer, not even an error").isTrue();
    }
  }

  @Test
  void expectContinueIsAnsweredBeforeTheBodyIsSent() throws IOException {
    try (Socket s = connect()) {
      send(s, "PUT /echo HTTP/1.1\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
      InputStream in = s.getInputStream();
      assertThat(line(in)).isEqualTo("HTTP/1.1 100 Continue");
      assertThat(line(in)).isEmpty();
      send(s, "ping");
      assertThat(read(in, false).body()).isEqualTo("ping");
    }
  }

  @Test
  void http10GetsItsAnswerAndTheConnectionClosesUnlessItAsksToKeepIt() throws IOException {
    try (Socket s = connect()) {
      send(s, "GET /chunked HTTP/1.0\r\n\r\n");
      Answer a = read(s.getInputStream(), false);
      assertThat(a.header("Transfer-Encoding")).isNull();
      assertThat(a.header("Connection")).isEqualTo("close");
      assertThat(a.body()).isEqualTo("path /chunked\n");
    }
    try (Socket s = connect()) {
      send(s, "GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /b HTTP/1.0\r\n\r\n");
      Answer a = read(s.getInputStream(), false);
      assertThat(a.header("Connection")).isEqualTo("keep-alive");
      assertThat(read(s.getInputStream(), false).body()).isEqualTo("path /b\n");
      assertThat(closedByServer(s)).isTrue();
    }
  }

  @Test
  void aClientThatAsksForCloseIsAnsweredThenClosed() throws IOException {
    try (Socket s = connect()) {
      send(s, "GET /a HTTP/1.1\r\nConnection: close\r\n\r\n");
      assertThat(read(s.getInputStream(), false).header("Connection")).isEqualTo("close");
      assertThat(closedByServer(s)).isTrue();
    }
  }

  /** Each is answered by the server itself, and the connection then ends. */
  @Test
  void requestsThatCannotBeReadSafelyAreRefused() throws IOException {
    Map<String, String> refused = new LinkedHashMap<>();
    refused.put(
        "POST /a HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", "400");
    refused.put("POST /a HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", "501");
    refused.put("POST /a HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n", "400");
    refused.put("POST /a HTTP/1.1\r\nContent-Length: -3\r\n\r\n", "400");
    refused.put("GET /a HTTP/1.1\r\nHost : x\r\n\r\n", "400");
    refused.put("GET /a HTTP/1.1\r\nX-A: 1\r\n folded\r\n\r\n", "400");
    refused.put("GET /a HTTP/2.0\r\n\r\n", "505");
    refused.put("GET /a\r\n\r\n", "400");
    refused.put("GET /a b HTTP/1.1\r\n\r\n", "400");
    refused.put("GET /" + "a".repeat(9000) + " HTTP/1.1\r\n\r\n", "414");
    refused.put("GET /a HTTP/1.1\r\nX: " + "v".repeat(9000) + "\r\n\r\n", "431");
    refused.put("GET /a HTTP/1.1\r\n" + "X-H: v\r\n".repeat(201) + "\r\n", "431");
    refused.put("GET /a HTTP/1.1\r\nX-A: 1\rX-B: 2\r\n\r\n", "400");
    for (var r : refused.entrySet()) {
      try (Socket s = connect()) {
        send(s, r.getKey());
        Answer a = read(s.getInputStream(), false);
        assertThat(a.statusLine()).as(r.getKey()).startsWith("HTTP/1.1 " + r.getValue() + " ");
        assertThat(a.header("Connection")).isEqualTo("close");
        assertThat(closedByServer(s)).isTrue();
      }
    }
    assertThat(clientPorts).as("no handler saw any of them").isEmpty();
  }

  @Test
  void aHandlerThatAnswersNothingOrFailsEndsItsConnectionOnly() throws IOException {
    for (String path : new String[] {"/silent", "/fails"}) {
      try (Socket s = connect()) {
        send(s, "GET " + path + " HTTP/1.1\r\n\r\n");
        assertThat(closedByServer(s)).as(path).isTrue();
      }
    }
    try (Socket s = connect()) {
      send(s, "GET /still HTTP/1.1\r\n\r\n");
      assertThat(read(s.getInputStream(), false).body()).isEqualTo("path /still\n");
    }
  }

  @Test
  void aPathUnderNoContextIsNotFound() throws IOException {
    BlockingHttpServer bare =
        BlockingHttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
    bare.createContext("/only", HttpExchange::close);
    bare.start();
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), bare.getAddress().getPort())) {
      s.setSoTimeout(10_000);
      send(s, "GET /other HTTP/1.1\r\n\r\nGET /other HTTP/1.1\r\n\r\n");
      assertThat(read(s.getInputStream(), false).statusLine()).startsWith("HTTP/1.1 404");
      assertThat(read(s.getInputStream(), false).statusLine()).startsWith("HTTP/1.1 404");
    } finally {
      bare.stop(0);
    }
  }

  @Test
  void stopEndsKeptConnectionsAndFreesThePort() throws IOException {
    int port = server.getAddress().getPort();
    try (Socket s = connect()) {
      send(s, "GET /a HTTP/1.1\r\n\r\n");
      read(s.getInputStream(), false);
      server.stop(0);
      assertThat(closedByServer(s)).isTrue();
    }
    HttpHandler h = HttpExchange::close;
    BlockingHttpServer again =
        BlockingHttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 4);
    again.createContext("/", h);
    again.stop(0);
  }
}
