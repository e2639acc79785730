package io.dbscope.server.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Path and method to handler, and the one place for the answers no handler gives: 404 for a path no
 * route takes, 405 (with {@code Allow}) for a method its route does not take, 500 for a handler
 * that fails before answering. Routes are tried in the order they were added; the first whose
 * {@link PathPattern} takes the path answers.
 *
 * <pre>{@code
 * Router router = new Router(() -> "Not found.\n")
 *     .route(PathPattern.exactly("/-/ready"), Methods.READ, r -> r.text(200, "Ready.\n"));
 * server.createContext("/", router);
 * }</pre>
 *
 * <p>A path no route takes is answered like a read-only page that does not exist: 404 for {@code
 * GET} and {@code HEAD}, 405 for other methods (as dbscope always answered them).
 */
final class Router implements HttpHandler {
  private static final Logger log = LoggerFactory.getLogger(Router.class);
  private final Supplier<String> notFound;
  private final List<Route> routes = new ArrayList<>();

  private record Route(PathPattern path, Methods methods, Handler handler) {}

  /**
   * @param notFound the body of a 404, read at each one (it may name a configured path)
   */
  Router(Supplier<String> notFound) {
    this.notFound = notFound;
  }

  Router route(PathPattern path, Methods methods, Handler handler) {
    routes.add(new Route(path, methods, handler));
    return this;
  }

  /** The routes' path templates and methods, in order (for the OpenAPI document's test). */
  List<String> templates() {
    return routes.stream().map(r -> r.methods() + " " + r.path().template()).toList();
  }

  @Override
  public void handle(HttpExchange exchange) {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      for (Route route : routes) {
        Optional<String> part = route.path().match(path);
        if (part.isPresent()) {
          answer(route.methods(), route.handler(), new Request(exchange, part.get()));
          return;
        }
      }
      answer(Methods.READ, r -> r.text(404, notFound.get()), new Request(exchange, ""));
    }
  }

  private void answer(Methods methods, Handler handler, Request request) {
    try {
      if (!methods.takes(request.method())) {
        request.setHeader("Allow", methods.allowHeader());
        request.text(405, methods.refusal());
        return;
      }
      handler.handle(request);
    } catch (IOException e) {
      // The client went away (a scraper's timeout on its side); nothing to answer.
      log.debug("HTTP exchange ended early: {}", e.getMessage());
    } catch (RuntimeException e) {
      log.error("unexpected error answering {}: {}", request.path(), e.toString());
      failed(request);
    }
  }

  /**
   * A 500 when nothing was sent yet; its text stays in the log, which may name more than a client
   * should read.
   */
  private static void failed(Request request) {
    if (request.answered()) {
      return;
    }
    try {
      // The failed handler may have chosen an encoding for the body it never sent (a scrape holds
      // its gzipped answer until it is whole); this answer is plain text.
      request.removeHeader("Content-Encoding");
      request.text(500, "Internal error answering this request; see dbscope's log.\n");
    } catch (IOException e) {
      log.debug("HTTP exchange ended early: {}", e.getMessage());
    }
  }
}
