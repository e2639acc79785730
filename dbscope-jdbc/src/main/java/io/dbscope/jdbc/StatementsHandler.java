package io.dbscope.jdbc;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A JDK {@code HttpServer} handler answering GET with {@link DbscopeJdbc#statementsJson}:
 *
 * <pre>{@code
 * server.createContext("/dbscope/statements", new StatementsHandler(jdbc, 100));
 * }</pre>
 */
public final class StatementsHandler implements HttpHandler {
  private final DbscopeJdbc jdbc;
  private final int limit;

  public StatementsHandler(DbscopeJdbc jdbc, int limit) {
    this.jdbc = jdbc;
    this.limit = limit;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"GET".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] body = jdbc.statementsJson(limit).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
