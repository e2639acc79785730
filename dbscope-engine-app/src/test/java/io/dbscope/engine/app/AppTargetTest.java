package io.dbscope.engine.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.config.Secret;
import io.dbscope.core.engine.ClientStatements.Figures;
import io.dbscope.core.metrics.SampleBatch;
import io.dbscope.core.scrape.Deadline;
import io.dbscope.core.scrape.ErrorKind;
import io.dbscope.jdbc.DbscopeJdbc;
import io.dbscope.jdbc.StatementsHandler;
import io.dbscope.sql.SqlDialect;
import io.dbscope.sql.SqlFingerprint;
import io.dbscope.testkit.PostgresFixture;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** The app target against a JDK HttpServer: a real dbscope-jdbc application, and broken answers. */
class AppTargetTest {
  private final AppEngine engine = new AppEngine();
  private HttpServer server;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private DatasourceConfig config(String path, String appDatasource) {
    return DatasourceConfig.builder("orders-app", "app")
        .url(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path))
        .queryTimeout(Duration.ofSeconds(2))
        .connectTimeout(Duration.ofSeconds(2))
        .option(AppOptions.APP_OF, "orders-db")
        .option(AppOptions.APP_DATASOURCE, appDatasource)
        .build();
  }

  private void answer(String path, int status, String body) {
    server.createContext(
        path,
        x -> {
          byte[] b = body.getBytes(StandardCharsets.UTF_8);
          x.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
          x.getResponseBody().write(b);
          x.close();
        });
  }

  @Test
  void readsTheFiguresOfARealApplicationPerFingerprintAndPerItsDatasource() throws Exception {
    try (PostgresFixture pg = PostgresFixture.builder().start()) {
      PGSimpleDataSource raw = new PGSimpleDataSource();
      raw.setURL(pg.jdbcUrl("postgres"));
      raw.setUser(pg.user());
      DbscopeJdbc jdbc =
          DbscopeJdbc.builder().registry(new PrometheusRegistry()).failover(false).build();
      run(jdbc.instrument(raw, "orders"), "SELECT ? + 1", 5);
      run(jdbc.instrument(raw, "billing"), "SELECT ? + 1", 3);
      run(jdbc.instrument(raw, "billing"), "SELECT ? * 2", 2);
      server.createContext("/dbscope/statements", new StatementsHandler(jdbc, 100));
      String plus = SqlFingerprint.id("select $1 + 1", SqlDialect.POSTGRES);
      String times = SqlFingerprint.id("SELECT 7 * 2", SqlDialect.POSTGRES);

      Map<String, Figures> all = read(config("/dbscope/statements", ""));
      Map<String, Figures> billing = read(config("/dbscope/statements", "billing"));

      assertThat(all.get(plus).calls()).isEqualTo(8);
      assertThat(all.get(times).calls()).isEqualTo(2);
      assertThat(all.get(plus).totalSeconds()).isPositive();
      assertThat(billing.get(plus).calls()).isEqualTo(3);
      assertThat(billing).containsOnlyKeys(plus, times);
    }
  }

  private static void run(DataSource ds, String sql, int times) throws Exception {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < times; i++) {
        ps.setInt(1, i);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
        }
      }
    }
  }

  private Map<String, Figures> read(DatasourceConfig config) throws Exception {
    AppStatementsCollector collector = new AppStatementsCollector(config);
    try (AppTarget target = new AppTarget(config);
        var session = target.open(Duration.ofSeconds(5))) {
      collector.collect(
          session, Deadline.in(Duration.ofSeconds(5)), Labels.EMPTY, new SampleBatch());
    }
    return collector.byTextFingerprint();
  }

  @Test
  void aWrongAnswerFailsWithAReasonAndNoPassword() {
    answer("/html", 200, "<html>hello</html>");
    answer("/other-json", 200, "{\"status\":\"ok\"}");
    answer("/missing", 404, "");
    answer("/locked", 401, "");
    DatasourceConfig locked =
        DatasourceConfig.builder("orders-app", "app")
            .url(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/locked"))
            .user("scraper")
            .password(Secret.of("S3cr3t-app"))
            .build();

    assertThatThrownBy(() -> read(config("/html", "")))
        .hasMessageStartingWith("the answer is not JSON");
    assertThatThrownBy(() -> read(config("/other-json", "")))
        .hasMessageContaining("no \"datasources\" list");
    assertThatThrownBy(() -> read(config("/missing", "")))
        .hasMessage("the application answered HTTP 404");
    assertThatThrownBy(() -> read(locked))
        .hasMessageNotContaining("S3cr3t")
        .satisfies(e -> assertThat(engine.classify(e)).isEqualTo(ErrorKind.AUTH));
  }

  @Test
  void anApplicationThatDoesNotAnswerInTimeIsATimeout() {
    server.createContext(
        "/slow",
        x -> {
          try {
            Thread.sleep(6_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          x.close();
        });
    DatasourceConfig slow = config("/slow", "");
    long start = System.nanoTime();

    assertThatThrownBy(() -> read(slow))
        .satisfies(e -> assertThat(engine.classify(e)).isEqualTo(ErrorKind.TIMEOUT));
    // The query timeout is 2 s; the bound leaves room for a loaded machine, and is still well
    // before the application would have answered.
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(5_000));
  }

  @Test
  void validateNamesTheMissingOrWrongKeys() {
    DatasourceConfig noUrl = DatasourceConfig.builder("a", "app").build();
    DatasourceConfig jdbcUrl =
        DatasourceConfig.builder("a", "app")
            .url(URI.create("jdbc:postgresql://h/x"))
            .option(AppOptions.APP_OF, "a")
            .build();
    DatasourceConfig userInUrl =
        DatasourceConfig.builder("a", "app")
            .url(URI.create("http://u:p@h:9400/s"))
            .option(AppOptions.APP_OF, "db")
            .build();

    assertThat(engine.validate(noUrl))
        .anyMatch(p -> p.startsWith("url: required"))
        .anyMatch(p -> p.startsWith("appOf: required"));
    assertThat(engine.validate(jdbcUrl))
        .containsExactly(
            "url: must start with http:// or https://",
            "appOf: must name a database datasource, not this app datasource");
    assertThat(engine.validate(userInUrl))
        .containsExactly("url: must not hold a user or password (use dbUser and dbPwd)");
    assertThat(engine.validate(config("/s", ""))).isEmpty();
  }
}
