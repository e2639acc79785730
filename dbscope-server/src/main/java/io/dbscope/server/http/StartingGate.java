package io.dbscope.server.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * While dbscope is starting (the config and its custom metrics files not yet loaded, see {@link
 * io.dbscope.server.Startup}), answers 503 on every path but the always-open ones, whatever the
 * method: a readiness probe or a scrape must not take "not found" or "not allowed" for an answer.
 */
final class StartingGate extends Filter {
  private static final Logger log = LoggerFactory.getLogger(StartingGate.class);
  private final BooleanSupplier ready;
  private final Set<String> open;

  StartingGate(BooleanSupplier ready, Set<String> open) {
    this.ready = ready;
    this.open = open;
  }

  @Override
  public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
    if (ready.getAsBoolean() || open.contains(exchange.getRequestURI().getPath())) {
      chain.doFilter(exchange);
      return;
    }
    try (exchange) {
      new Request(exchange, "")
          .text(503, "Not ready: dbscope is starting (loading the config and custom metrics).\n");
    } catch (IOException e) {
      log.debug("HTTP exchange ended early: {}", e.getMessage());
    }
  }

  @Override
  public String description() {
    return "503 until dbscope has loaded its configuration";
  }
}
