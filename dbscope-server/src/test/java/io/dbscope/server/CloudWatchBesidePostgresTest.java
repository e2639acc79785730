package io.dbscope.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.ConfigLoader;
import io.dbscope.core.config.LoadedConfig;
import io.dbscope.server.cli.TestAccess;
import io.dbscope.testkit.CloudWatchStandIn;
import io.dbscope.testkit.PostgresFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21's first "done when": a config with an RDS PostgreSQL instance (engine cloudwatch, here
 * against the test kit's CloudWatch stand-in, which speaks the SDK's RPC v2 CBOR) beside its SQL
 * datasource (a real PostgreSQL) serves both on one {@code /metrics}, and scrapes make no
 * CloudWatch call. Credentials come through the SDK's default chain, its {@code aws.*} system
 * properties, set for this test only.
 */
class CloudWatchBesidePostgresTest {

  @Test
  void servesTheSqlSideAndTheCloudWatchSideTogether(@TempDir Path dir) throws Exception {
    System.setProperty("aws.accessKeyId", "AKIDSTANDIN");
    System.setProperty("aws.secretAccessKey", "standInSecretKey0123456789");
    try (PostgresFixture pg = PostgresFixture.builder().start();
        CloudWatchStandIn cloudWatch = new CloudWatchStandIn()) {
      Path cfg = dir.resolve("dbscope.toml");
      Files.writeString(
          cfg,
          """
          listenAddress = "127.0.0.1:0"
          [[datasource]]
          name = "orders-db"
          engine = "postgres"
          dbHost = "127.0.0.1:%d"
          dbUser = "postgres"
          [[datasource]]
          name = "orders-db-cloudwatch"
          engine = "cloudwatch"
          region = "eu-west-1"
          url = "%s"
          dbInstanceIdentifiers = "orders-db-1"
          """
              .formatted(pg.port(), cloudWatch.endpoint()));
      LoadedConfig loaded = new ConfigLoader(Engines.catalog(), Map.of()).load(cfg);
      assertThat(loaded.warnings()).isEmpty();
      try (AutoCloseable running = TestAccess.start(loaded)) {
        HttpClientSupport http = new HttpClientSupport(TestAccess.port(running));
        String body = "";
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!body.contains("aws_rds_cpuutilization_average") && System.nanoTime() < until) {
          Thread.sleep(200);
          body = http.get("/metrics").body();
        }
        assertThat(body)
            .contains("pg_up{datasource=\"orders-db\"} 1.0")
            .contains("# TYPE pg_stat_database_xact_commit counter")
            .contains(
                "aws_rds_cpuutilization_average{datasource=\"orders-db-cloudwatch\","
                    + "dbinstance_identifier=\"orders-db-1\"} 12.5")
            .contains("cloudwatch_up{datasource=\"orders-db-cloudwatch\"} 1.0")
            .contains(
                "dbscope_cloudwatch_requested_metrics_total{datasource=\"orders-db-cloudwatch\"}")
            .doesNotContain("standInSecretKey");
        for (int i = 0; i < 10; i++) {
          http.get("/metrics");
          http.get("/probe?target=orders-db-cloudwatch");
        }
        // Scrapes never call CloudWatch: one call per window (a new period may begin meanwhile),
        // each with the datasource's 10 metrics.
        List<CloudWatchStandIn.Call> calls = cloudWatch.calls();
        assertThat(calls.stream().map(CloudWatchStandIn.Call::end).distinct())
            .hasSameSizeAs(calls)
            .hasSizeLessThanOrEqualTo(2);
        assertThat(calls).allSatisfy(c -> assertThat(c.queries()).hasSize(10));
      }
    } finally {
      System.clearProperty("aws.accessKeyId");
      System.clearProperty("aws.secretAccessKey");
    }
  }
}
