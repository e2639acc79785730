package io.dbscope.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.ConfigLoader;
import io.dbscope.core.config.LoadedConfig;
import io.dbscope.server.cli.TestAccess;
import io.dbscope.testkit.MariaDbFixture;
import io.dbscope.testkit.PostgresFixture;
import io.dbscope.testkit.RedisFixture;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One dbscope serving three real servers (PostgreSQL, MariaDB, Redis) over HTTP on port 0: what a
 * user sees with {@code curl /metrics}, {@code /probe?target=} and the landing page.
 */
class FleetServerTest {
  static PostgresFixture pg;
  static MariaDbFixture maria;
  static RedisFixture redis;
  static AutoCloseable running;
  static HttpClientSupport http;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    pg = PostgresFixture.builder().start();
    maria = MariaDbFixture.builder().start();
    redis = RedisFixture.system().password("r3dis-secret").start();
    Path cfg = dir.resolve("dbscope.toml");
    Files.writeString(
        cfg,
        """
        listenAddress = "127.0.0.1:0"
        [[datasource]]
        name = "pg-main"
        engine = "postgres"
        dbHost = "127.0.0.1:%d"
        dbUser = "postgres"
        priority = 1
        labels = "cluster=prod,zone=a"
        [[datasource]]
        name = "maria-1"
        engine = "mariadb"
        dbHost = "127.0.0.1:%d"
        dbUser = "root"
        labels = "cluster=prod"
        [[datasource]]
        name = "cache"
        engine = "redis"
        dbHost = "127.0.0.1:%d"
        dbPwd = "${REDIS_PW}"
        priority = 3
        """
            .formatted(pg.port(), maria.port(), redis.port()));
    LoadedConfig loaded =
        new ConfigLoader(Engines.catalog(), Map.of("REDIS_PW", "r3dis-secret")).load(cfg);
    var r = TestAccess.start(loaded);
    running = r;
    http = new HttpClientSupport(TestAccess.port(r));
  }

  @AfterAll
  static void stop() throws Exception {
    if (running != null) running.close();
    if (redis != null) redis.close();
    if (maria != null) maria.close();
    if (pg != null) pg.close();
  }

  @Test
  void metricsCoversEveryDatasourceWithItsLabels() throws Exception {
    HttpResponse<String> r = http.get("/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValue("text/plain; version=0.0.4; charset=utf-8");
    String body = r.body();
    assertThat(body)
        .contains("pg_up{cluster=\"prod\",datasource=\"pg-main\",zone=\"a\"} 1.0")
        .contains("mysql_up{cluster=\"prod\",datasource=\"maria-1\"} 1.0")
        .contains("redis_up{datasource=\"cache\"} 1.0")
        .contains("dbscope_datasource_up{datasource=\"cache\"} 1.0")
        .contains("# TYPE pg_stat_database_xact_commit counter")
        .contains("dbscope_build_info{")
        .contains("process_cpu_seconds_total")
        .contains("jvm_memory_used_bytes");
    assertThat(body).doesNotContain("r3dis-secret");
    assertThat(
            body.lines()
                .filter(l -> l.startsWith("dbscope_collector_success") && l.endsWith(" 0.0")))
        .as("no failing built-in collector")
        .isEmpty();
    // The exporters' families about themselves, once each, without a datasource.
    Set<String> process = processFamilies();
    assertThat(process)
        .contains(
            "postgres_exporter_build_info",
            "postgres_exporter_config_last_reload_successful",
            "mysqld_exporter_build_info",
            "redis_exporter_build_info",
            "redis_target_scrape_request_errors_total");
    for (String name : process) {
      assertThat(body.lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " ")))
          .as(name)
          .hasSize(1)
          .noneMatch(l -> l.contains("datasource="));
    }
    assertThat(body).contains("postgres_exporter_config_last_reload_successful 1.0");
    // Every sample of a datasource metric carries the datasource label.
    assertThat(
            body.lines()
                .filter(
                    l ->
                        !l.startsWith("#")
                            && !process.contains(l.split("[{ ]")[0])
                            && (l.startsWith("pg_")
                                || l.startsWith("mysql_")
                                || l.startsWith("redis_"))))
        .allMatch(l -> l.contains("datasource=\""));
  }

  private static Set<String> processFamilies() {
    Set<String> out = new TreeSet<>();
    for (var e : Engines.catalog().engines()) {
      e.exporterHealth().processFamilies().forEach(f -> out.add(f.name()));
    }
    return out;
  }

  @Test
  void probeAnswersOneDatasourceAlone() throws Exception {
    HttpResponse<String> r = http.get("/probe?target=cache");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .contains("redis_up{datasource=\"cache\"} 1.0")
        .doesNotContain("pg_up")
        .doesNotContain("mysql_up")
        .doesNotContain("jvm_memory");
    assertThat(http.get("/probe?target=nope").statusCode()).isEqualTo(404);
    assertThat(http.get("/probe").statusCode()).isEqualTo(400);
    // redis_exporter's own families come with the Redis datasource's answer: its build, and the
    // two requests just refused.
    String again = http.get("/probe?target=cache").body();
    assertThat(again)
        .contains("redis_exporter_build_info{build_date=\"\",commit_sha=\"")
        .contains("# TYPE redis_exporter_scrape_duration_seconds summary")
        .contains("redis_exporter_scrape_duration_seconds_count{datasource=\"cache\"}")
        .doesNotContain("postgres_exporter_build_info");
    double refused =
        again
            .lines()
            .filter(l -> l.startsWith("redis_target_scrape_request_errors_total "))
            .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1)))
            .findFirst()
            .orElseThrow();
    assertThat(refused).isGreaterThanOrEqualTo(2);
  }

  @Test
  void openMetricsByContentNegotiation() throws Exception {
    HttpResponse<String> r =
        http.get("/probe?target=pg-main", "Accept", "application/openmetrics-text; version=1.0.0");
    assertThat(r.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/openmetrics-text");
    assertThat(r.body())
        .contains("# TYPE pg_stat_database_xact_commit unknown")
        .endsWith("# EOF\n");
  }

  @Test
  void prometheusDefaultAcceptHeaderGetsTheTextFormatAsFromTheCommunityExporters()
      throws Exception {
    HttpResponse<String> r =
        http.get(
            "/probe?target=pg-main",
            "Accept",
            "application/openmetrics-text;version=1.0.0,application/openmetrics-text;"
                + "version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1");
    assertThat(r.headers().firstValue("Content-Type").orElse(""))
        .startsWith("text/plain; version=0.0.4");
    assertThat(r.body())
        .contains("# TYPE pg_stat_database_xact_commit counter")
        .doesNotContain("# EOF");
  }

  @Test
  void gzipWhenAsked() throws Exception {
    HttpResponse<byte[]> r = http.getBytes("/probe?target=maria-1", "Accept-Encoding", "gzip");
    assertThat(r.headers().firstValue("Content-Encoding")).hasValue("gzip");
    String text =
        new String(new GZIPInputStream(new ByteArrayInputStream(r.body())).readAllBytes());
    assertThat(text).contains("mysql_up{cluster=\"prod\",datasource=\"maria-1\"} 1.0");
  }

  @Test
  void landingPageAndHealthEndpoints() throws Exception {
    assertThat(http.get("/-/healthy").statusCode()).isEqualTo(200);
    assertThat(http.get("/-/ready").statusCode()).isEqualTo(200);
    HttpResponse<String> r = http.get("/");
    assertThat(r.body())
        .contains("pg-main")
        .contains("maria-1")
        .contains("cache")
        .contains("/probe?target=cache");
    assertThat(http.get("/nothing").statusCode()).isEqualTo(404);
  }
}
