package io.dbscope.server.http;

import com.sun.net.httpserver.HttpServer;
import io.dbscope.server.Monitor;
import io.dbscope.server.PlatformFirstThreads;
import io.dbscope.server.Reloader;
import io.dbscope.server.api.ConsoleState;
import io.dbscope.server.api.FleetApi;
import io.dbscope.server.api.TopSqlApi;
import io.dbscope.server.httpd.BlockingHttpServer;
import io.dbscope.server.security.WebSecurity;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * dbscope's HTTP side: {@code /metrics} (or the configured {@code metricPath}), {@code
 * /probe?target=<name>}, {@code /sd} (Prometheus service discovery), JSON API v1 under {@code
 * /api/v1/} ({@link ApiV1}, described by {@code /api/v1/openapi.json}; {@code /api/v1/cluster} with
 * the cluster's members), {@code /-/reload}, {@code /-/healthy}, {@code /-/ready} and the web
 * console ({@code /}, {@code /ds/…}, {@code /sql…}, see {@link ConsolePages}), one handler each
 * behind a {@link Router}. {@link WebSecurity} (TLS, basic auth, headers, rate limit) guards every
 * path except {@code /-/healthy}. Each connection runs on a thread of its own ({@link
 * PlatformFirstThreads}). It may start before the configuration is loaded (see {@link
 * io.dbscope.server.Startup}): until then only {@code /-/healthy} answers 200 ({@link
 * StartingGate}).
 */
public final class HttpFrontend implements AutoCloseable {
  /** Open without credentials and while starting: a liveness probe must always get an answer. */
  private static final Set<String> ALWAYS_OPEN = Set.of("/-/healthy");

  /**
   * Connections open at once that get a platform thread each (see {@link PlatformFirstThreads}):
   * scrapers and console users; any more run on virtual threads.
   */
  private static final int PLATFORM_THREADS = 32;

  /**
   * How long a connection's platform thread waits for the next connection: longer than the scrape
   * intervals in use, for scrapers that connect anew for each scrape.
   */
  private static final Duration IDLE_THREAD_KEPT = Duration.ofMinutes(10);

  private final HttpServer server;
  private final Runnable threads;
  private final Router router;

  /**
   * @param monitor the running configuration; a supplier so that a reload can swap it, empty while
   *     dbscope is still starting (then every path but {@code /-/healthy} answers 503)
   * @param security TLS, basic auth, headers and rate limit (web config and the seed's keys)
   * @param reload what {@code POST /-/reload} does, if reloading is possible
   * @param host interface to bind, empty for all
   */
  public HttpFrontend(
      Supplier<Optional<Monitor>> monitor,
      WebSecurity security,
      Optional<Supplier<Reloader.Result>> reload,
      String version,
      String host,
      int port)
      throws IOException {
    this(monitor, security, reload, version, host, port, ConsoleState.standalone());
  }

  /**
   * @param console the console's history and events, which the API v1 and the pages read
   */
  public HttpFrontend(
      Supplier<Optional<Monitor>> monitor,
      WebSecurity security,
      Optional<Supplier<Reloader.Result>> reload,
      String version,
      String host,
      int port,
      ConsoleState console)
      throws IOException {
    InetSocketAddress addr =
        host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
    this.server = security.createServer(addr, 128);
    Executor executor;
    if (BlockingHttpServer.isOne(server)) {
      PlatformFirstThreads threads =
          new PlatformFirstThreads("dbscope-http-", PLATFORM_THREADS, IDLE_THREAD_KEPT);
      executor = threads;
      this.threads = threads::shutdownNow;
    } else {
      // The JDK's server runs each exchange, not each connection, on its executor.
      ExecutorService perExchange =
          Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("dbscope-http-", 0).factory());
      executor = perExchange;
      this.threads = perExchange::shutdownNow;
    }
    server.setExecutor(executor);
    // Past the StartingGate, the monitor is there: it is never taken away once loaded.
    Supplier<Monitor> current = () -> monitor.get().orElseThrow();
    this.router = routes(current, reload, version, console);
    var filters = server.createContext("/", router).getFilters();
    filters.add(security.filter(ALWAYS_OPEN));
    filters.add(new StartingGate(() -> monitor.get().isPresent(), ALWAYS_OPEN));
  }

  /** The routes, tried in this order (a metricPath such as /-/reload does not shadow it). */
  private static Router routes(
      Supplier<Monitor> monitor,
      Optional<Supplier<Reloader.Result>> reload,
      String version,
      ConsoleState console) {
    Supplier<String> metricPath = () -> monitor.get().config().global().metricPath();
    ScrapeAnswer scrape = new ScrapeAnswer(new GzipAnswers(FastGzip.load()));
    JsonAnswers json = new JsonAnswers();
    FleetApi fleet = new FleetApi(monitor, console.history(), console.events(), console.cluster());
    TopSqlApi topSql = new TopSqlApi(monitor, console.statements());
    Router router =
        new Router(() -> "Not found. Try " + metricPath.get() + ", /probe?target=<name> or /.\n")
            .route(PathPattern.exactly("/-/healthy"), Methods.ANY, r -> r.text(200, "Healthy.\n"))
            .route(PathPattern.exactly("/-/reload"), Methods.CHANGE, new ReloadHandler(reload))
            .route(
                PathPattern.exactly(metricPath), Methods.READ, new MetricsHandler(monitor, scrape))
            .route(PathPattern.exactly("/probe"), Methods.READ, new ProbeHandler(monitor, scrape))
            .route(
                PathPattern.exactly(ServiceDiscovery.PATH),
                Methods.READ,
                json.route(new ServiceDiscovery(monitor)))
            .route(
                PathPattern.exactly(ClusterApi.PATH),
                Methods.READ,
                json.route(new ClusterApi(monitor)))
            .route(PathPattern.exactly("/-/ready"), Methods.READ, r -> r.text(200, "Ready.\n"));
    new ApiV1(monitor, fleet, topSql, console, reload).routes(router, json);
    return new ConsolePages(fleet, topSql, version).routes(router);
  }

  /** Every route as {@code METHODS template}, in order (for the OpenAPI document's test). */
  public List<String> routeTemplates() {
    return router.templates();
  }

  public void start() {
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    threads.run();
  }
}
