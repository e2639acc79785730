package io.dbscope.server.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One request as a route's handler sees it, with the ways to answer it. A {@code HEAD} request gets
 * the status and headers of its {@code GET} without the body.
 */
final class Request {
  private final HttpExchange exchange;
  private final String pathPart;

  Request(HttpExchange exchange, String pathPart) {
    this.exchange = exchange;
    this.pathPart = pathPart;
  }

  String method() {
    return exchange.getRequestMethod();
  }

  String path() {
    return exchange.getRequestURI().getPath();
  }

  /** What the route's {@link PathPattern} took from the path (empty for an exact path). */
  String pathPart() {
    return pathPart;
  }

  /** A query parameter, decoded; {@code ""} when it has no {@code =}; empty when absent. */
  Optional<String> param(String name) {
    String q = exchange.getRequestURI().getRawQuery();
    if (q == null) {
      return Optional.empty();
    }
    for (String kv : q.split("&")) {
      int eq = kv.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
      if (k.equals(name)) {
        return Optional.of(
            eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return Optional.empty();
  }

  /** A request header's first value, or null. */
  String header(String name) {
    return exchange.getRequestHeaders().getFirst(name);
  }

  /** Where the client reached dbscope: the address and port of this connection's local end. */
  InetSocketAddress localAddress() {
    return exchange.getLocalAddress();
  }

  /** Whether the request came over TLS. */
  boolean secure() {
    return exchange instanceof HttpsExchange;
  }

  boolean head() {
    return method().equals("HEAD");
  }

  void setHeader(String name, String value) {
    exchange.getResponseHeaders().set(name, value);
  }

  void removeHeader(String name) {
    exchange.getResponseHeaders().remove(name);
  }

  /** Whether an answer has begun: then a failure can only end the exchange, not answer it. */
  boolean answered() {
    return exchange.getResponseCode() != -1;
  }

  void text(int status, String body) throws IOException {
    send(status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
  }

  void send(int status, String contentType, byte[] body) throws IOException {
    setHeader("Content-Type", contentType);
    if (head()) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
  }

  /**
   * A body sent with its length when it stays within {@code limit} bytes, chunked past it (see
   * {@link SpillingBody}); for {@code HEAD} sends the headers only and returns empty. Closing the
   * stream sends what it holds; {@code done} then gets {@code held} back (grown, perhaps).
   */
  Optional<OutputStream> body(int status, int limit, byte[] held, Consumer<byte[]> done)
      throws IOException {
    if (head()) {
      exchange.sendResponseHeaders(status, -1);
      return Optional.empty();
    }
    return Optional.of(new SpillingBody(exchange, status, limit, held, done));
  }
}
