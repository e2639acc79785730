package io.dbscope.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dbscope.server.Main;
import io.dbscope.testkit.CapturedLogs;
import io.dbscope.testkit.DemoWorkload;
import io.dbscope.testkit.ExpositionText;
import io.dbscope.testkit.FreePort;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What {@code ./dbscope demo} starts, from this module, as README.md promises it. */
class DemoTest {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void servesMetricsOfItsEmbeddedPostgresAndRedisUnderTheWorkload() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int port = FreePort.find();
    Demo.Options options = new Demo.Options(port, Duration.ofMinutes(1), false);
    try (CapturedLogs workloadLogs = new CapturedLogs(DemoWorkload.class.getName(), "datasource")) {
      try (Demo demo =
          Demo.start(options, new PrintWriter(out), new PrintWriter(err)).orElseThrow()) {
        assertThat(demo.port()).isEqualTo(port);
        assertThat(demo.configFile()).content().contains("demo-postgres").contains("demo-redis");
        String base = "http://127.0.0.1:" + port;
        assertThat(get(base + "/-/healthy").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertServesTheDemo(base));
        assertThat(get(base + "/probe?target=demo-postgres").statusCode()).isEqualTo(200);
      }
      // Stopped before its databases: their shutdown is no workload failure to warn about.
      assertThat(workloadLogs.lines()).isEmpty();
    }
    assertThat(err.toString()).isEmpty();
  }

  private void assertServesTheDemo(String base) throws Exception {
    ExpositionText metrics = new ExpositionText(get(base + "/metrics").body());
    assertThat(metrics.value("pg_up", "datasource", "demo-postgres")).isEqualTo(1);
    assertThat(metrics.value("redis_up", "datasource", "demo-redis")).isEqualTo(1);
    // The workload runs: its session keys in Redis db 1, its table in PostgreSQL.
    assertThat(metrics.value("redis_db_keys", "datasource", "demo-redis", "db", "db1"))
        .isPositive();
    assertThat(metrics.find("pg_stat_user_tables_seq_scan", "relname", "demo_orders")).isPresent();
  }

  @Test
  void theDemoJarHasTheWholeCommandLineWithTheRealDemo() {
    StringWriter out = new StringWriter();
    CommandLine cl = Main.commandLine(new DemoCommand());
    cl.setOut(new PrintWriter(out));
    assertThat(cl.execute("demo", "--help")).isZero();
    assertThat(out.toString())
        .contains("--port")
        .contains("--workload-minutes")
        .contains("--no-mariadb");
    assertThat(cl.getSubcommands()).containsKeys("run", "check", "demo", "encode-password", "help");
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
