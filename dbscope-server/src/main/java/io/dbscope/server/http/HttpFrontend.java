package io.dbscope.server.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.dbscope.core.metrics.Exposition;
import io.dbscope.core.metrics.ExpositionWriter;
import io.dbscope.server.Monitor;
import io.dbscope.server.ScrapeTimeout;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import io.dbscope.server.security.WebSecurity;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * dbscope's HTTP side: {@code /metrics} (or the configured {@code metricPath}), {@code
 * /probe?target=<name>}, {@code /api/v1/datasources/<name>/statements}, {@code /-/reload}, {@code
 * /-/healthy}, {@code /-/ready} and a landing page at {@code /}. {@link WebSecurity} (TLS, basic
 * auth, headers, rate limit) guards every path except {@code /-/healthy}. Each request runs on its
 * own virtual thread. It may start before the configuration is loaded (see {@link
 * io.dbscope.server.Startup}): until then only {@code /-/healthy} answers 200.
 */
public final class HttpFrontend implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HttpFrontend.class);
  private final Supplier<Optional<Monitor>> monitor;
  private final Optional<Supplier<io.dbscope.server.Reloader.Result>> reload;
  private final String version;
  private final ExpositionWriter writer = new ExpositionWriter();
  private final StatementsApi statements = new StatementsApi();
  private final HttpServer server;
  private final ExecutorService executor;

  /**
   * @param monitor the running configuration; a supplier so that a reload can swap it, empty
   *     while dbscope is still starting (then every path but {@code /-/healthy} answers 503)
   * @param security TLS, basic auth, headers and rate limit (web config and the seed's keys)
   * @param reload what {@code POST /-/reload} does, if reloading is possible
   * @param host interface to bind, empty for all
   */
  public HttpFrontend(
      Supplier<Optional<Monitor>> monitor,
      WebSecurity security,
      Optional<Supplier<io.dbscope.server.Reloader.Result>> reload,
      String version,
      String host,
      int port)
      throws IOException {
    this.monitor = monitor;
    this.reload = reload;
    this.version = version;
    InetSocketAddress addr = host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
    this.server = security.createServer(addr, 128);
    this.executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("dbscope-http-", 0).factory());
    server.setExecutor(executor);
    server.createContext("/", this::handle).getFilters().add(security.filter(Set.of("/-/healthy")));
  }

  public void start() {
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      if (path.equals("/-/healthy")) {
        text(ex, 200, "Healthy.\n");
        return;
      }
      Optional<Monitor> current = monitor.get();
      if (current.isEmpty()) {
        text(ex, 503, "Not ready: dbscope is starting (loading the config and custom metrics).\n");
        return;
      }
      if (path.equals("/-/reload")) {
        if (!ex.getRequestMethod().equals("POST") && !ex.getRequestMethod().equals("PUT")) {
          ex.getResponseHeaders().set("Allow", "POST, PUT");
          text(ex, 405, "Only POST or PUT requests allowed\n");
        } else if (reload.isEmpty()) {
          text(ex, 404, "reloading is not available in this mode\n");
        } else {
          var r = reload.get().get();
          text(ex, r.ok() ? 200 : 500, r.message());
        }
        return;
      }
      if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
        ex.getResponseHeaders().set("Allow", "GET, HEAD");
        text(ex, 405, "Method not allowed\n");
        return;
      }
      Monitor m = current.get();
      String metricPath = m.config().global().metricPath();
      if (path.equals(metricPath)) {
        metrics(ex, m, null);
      } else if (path.equals("/probe")) {
        String target = param(ex, "target");
        if (target == null || target.isEmpty()) {
          text(ex, 400, "missing parameter 'target': /probe?target=<datasource name>\n");
        } else if (m.fleet().get(target).isEmpty()) {
          text(ex, 404, "no datasource named '" + target + "'\n");
        } else {
          metrics(ex, m, target);
        }
      } else if (StatementsApi.matches(path)) {
        String name = StatementsApi.datasourceName(path);
        var answer = statements.answer(m.fleet().get(name), name, param(ex, "sort"), param(ex, "limit"));
        ex.getResponseHeaders().set("Content-Type", "application/json");
        send(ex, answer.status(), answer.body().getBytes(StandardCharsets.UTF_8));
      } else if (path.equals("/-/ready")) {
        text(ex, 200, "Ready.\n");
      } else if (path.equals("/")) {
        byte[] body = LandingPage.render(m.fleet(), metricPath, version).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        send(ex, 200, body);
      } else {
        text(ex, 404, "Not found. Try " + metricPath + ", /probe?target=<name> or /.\n");
      }
    } catch (IOException e) {
      // The scraper went away (timeout on its side); nothing to answer.
      log.debug("HTTP exchange ended early: {}", e.getMessage());
    } catch (RuntimeException e) {
      log.error("unexpected error answering {}: {}", ex.getRequestURI().getPath(), e.toString());
    }
  }

  private void metrics(HttpExchange ex, Monitor m, String target) throws IOException {
    ScrapeTimeout timeout = new ScrapeTimeout(m.config().global());
    var deadline = timeout.deadline(ex.getRequestHeaders().getFirst("X-Prometheus-Scrape-Timeout-Seconds"));
    Exposition e = target == null ? m.scrapeAll(deadline) : m.scrapeOne(target, deadline).orElseThrow();
    String accept = ex.getRequestHeaders().getFirst("Accept");
    ex.getResponseHeaders().set("Content-Type", writer.contentType(accept));
    boolean gzip = acceptsGzip(ex.getRequestHeaders().getFirst("Accept-Encoding"));
    if (gzip) {
      ex.getResponseHeaders().set("Content-Encoding", "gzip");
    }
    if (ex.getRequestMethod().equals("HEAD")) {
      ex.sendResponseHeaders(200, -1);
      return;
    }
    ex.sendResponseHeaders(200, 0);
    OutputStream body = ex.getResponseBody();
    OutputStream out = gzip ? new GZIPOutputStream(body, 8192) : body;
    writer.write(out, e, accept);
    out.close();
  }

  static boolean acceptsGzip(String header) {
    if (header == null) {
      return false;
    }
    for (String part : header.split(",")) {
      String p = part.trim();
      if (p.startsWith("gzip") && !p.replace(" ", "").endsWith("q=0")) {
        return true;
      }
    }
    return false;
  }

  private static String param(HttpExchange ex, String name) {
    String q = ex.getRequestURI().getRawQuery();
    if (q == null) {
      return null;
    }
    for (String kv : q.split("&")) {
      int eq = kv.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
      if (k.equals(name)) {
        return eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  private static void text(HttpExchange ex, int status, String body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    send(ex, status, body.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
    if (ex.getRequestMethod().equals("HEAD")) {
      ex.sendResponseHeaders(status, -1);
      return;
    }
    ex.sendResponseHeaders(status, body.length);
    ex.getResponseBody().write(body);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
