package io.dbscope.examples.jdbcapp;

import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.dbscope.jdbc.DbscopeJdbc;
import io.dbscope.jdbc.StatementsHandler;
import io.dbscope.testkit.PostgresFixture;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * An application as dbscope-jdbc's users write one: a HikariCP pool on PostgreSQL, wrapped once,
 * and a few workers on virtual threads running an order workload ({@link Workload}). Serves its
 * metrics on {@code /metrics} and its statement statistics on {@code /dbscope/statements}.
 *
 * <pre>{@code
 * java -cp … io.dbscope.examples.jdbcapp.OrdersApp 9400 600   # port, seconds (0: until killed)
 * }</pre>
 */
public final class OrdersApp implements AutoCloseable {
  private final HikariDataSource pool;
  private final HttpServer http;
  private final ExecutorService workers;
  private final Workload workload;

  private OrdersApp(
      HikariDataSource pool, HttpServer http, ExecutorService workers, Workload workload) {
    this.pool = pool;
    this.http = http;
    this.workers = workers;
    this.workload = workload;
  }

  /** Starts pool, HTTP endpoint (port 0: any free one) and {@code threads} workers. */
  public static OrdersApp start(String jdbcUrl, String user, int port, int threads)
      throws IOException {
    PrometheusRegistry registry = new PrometheusRegistry();
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setUsername(user);
    config.setPoolName("orders-pool");
    config.setMaximumPoolSize(4);
    config.setMinimumIdle(2);
    HikariDataSource pool = new HikariDataSource(config);
    DbscopeJdbc jdbc =
        DbscopeJdbc.builder().registry(registry).slowThreshold(Duration.ofMillis(500)).build();
    DataSource orders = jdbc.instrument(pool, "orders");
    Workload workload = new Workload(orders);
    workload.schema();

    HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    http.createContext("/metrics", exchange -> metrics(exchange, registry));
    http.createContext("/dbscope/statements", new StatementsHandler(jdbc, 100));
    http.start();

    ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    for (int i = 0; i < threads; i++) {
      workers.submit(workload::loop);
    }
    return new OrdersApp(pool, http, workers, workload);
  }

  private static void metrics(com.sun.net.httpserver.HttpExchange exchange, PrometheusRegistry r)
      throws IOException {
    try (exchange) {
      ExpositionFormatWriter writer =
          ExpositionFormats.init().findWriter(exchange.getRequestHeaders().getFirst("Accept"));
      exchange.getResponseHeaders().set("Content-Type", writer.getContentType());
      exchange.sendResponseHeaders(200, 0);
      try (OutputStream out = exchange.getResponseBody()) {
        writer.write(out, r.scrape());
      }
    }
  }

  /** The port the endpoint listens on. */
  public int port() {
    return http.getAddress().getPort();
  }

  @Override
  public void close() {
    workload.stop();
    workers.shutdown();
    try {
      workers.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      http.stop(0);
      pool.close();
    }
  }

  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 9400;
    long seconds = args.length > 1 ? Long.parseLong(args[1]) : 0;
    // pg_stat_statements, so that a dbscope with a postgres and an app datasource (README) shows
    // each statement's server and application figures side by side.
    try (PostgresFixture pg = PostgresFixture.builder().statStatements().start()) {
      try (java.sql.Connection c = pg.connect();
          java.sql.Statement st = c.createStatement()) {
        st.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
      }
      runUntil(pg, port, seconds);
    }
  }

  private static void runUntil(PostgresFixture pg, int port, long seconds) throws Exception {
    try (OrdersApp app = start(pg.jdbcUrl("postgres"), pg.user(), port, 4)) {
      System.out.println(
          "orders app: http://127.0.0.1:"
              + app.port()
              + "/metrics and /dbscope/statements; postgres: 127.0.0.1:"
              + pg.port()
              + " (user "
              + pg.user()
              + ")");
      Thread.sleep(seconds > 0 ? seconds * 1000 : Long.MAX_VALUE);
    }
  }
}
