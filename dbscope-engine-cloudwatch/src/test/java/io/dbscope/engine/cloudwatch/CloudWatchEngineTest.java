package io.dbscope.engine.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbscope.core.config.DatasourceBuilder;
import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.engine.Target;
import io.dbscope.core.scrape.Deadline;
import io.dbscope.core.scrape.MonitoredDatasource;
import io.dbscope.testkit.CloudWatchStandIn;
import io.dbscope.testkit.ExpositionText;
import io.dbscope.testkit.Scraped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The engine against {@link CloudWatchStandIn}: the real AWS SDK client, signing and RPC v2 CBOR
 * encoding over HTTP, a stand-in answer. Asserts what costs money: calls per period, metrics per
 * call, windows, and that scrapes make no call.
 */
class CloudWatchEngineTest {
  private static final String SECRET = "standInSecretKey0123456789";
  private static final Duration PERIOD = Duration.ofSeconds(60);
  private static final Duration DELAY = Duration.ofSeconds(120);

  private CloudWatchStandIn standIn;
  private EngineResources resources;

  @BeforeEach
  void start() throws Exception {
    standIn = new CloudWatchStandIn();
    resources = EngineResources.create();
  }

  @AfterEach
  void stop() {
    resources.close();
    standIn.close();
  }

  /**
   * A clock shifted so that the next window completes {@code in} from now. With 6 s, the first poll
   * (about a second after the first datasource joins, plus the SDK's start) falls before it and the
   * scheduler's second poll at it: two periods' calls in seconds instead of a minute. With 40 s, no
   * second poll comes during a test.
   */
  private static InstantSource boundaryIn(Duration in) {
    long p = PERIOD.toMillis();
    long intoPeriod = Math.floorMod(Instant.now().minus(DELAY).toEpochMilli(), p);
    long shift = (p - in.toMillis()) - intoPeriod;
    return Clock.offset(Clock.systemUTC(), Duration.ofMillis(shift));
  }

  private CloudWatchEngine engine(InstantSource clock) {
    return new CloudWatchEngine(
        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSTANDIN", SECRET)), clock);
  }

  private DatasourceBuilder datasource(String name) {
    return DatasourceConfig.builder(name, "cloudwatch")
        .url(standIn.endpoint())
        .option(CloudWatchOptions.REGION, "eu-west-1");
  }

  private void awaitCalls(int n) throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (standIn.calls().size() < n && System.nanoTime() < until) {
      Thread.sleep(50);
    }
    assertThat(standIn.calls()).hasSizeGreaterThanOrEqualTo(n);
  }

  @Test
  void oneCallPerRegionPerPeriodAlignedAndServedFromMemory() throws Exception {
    InstantSource clock = boundaryIn(Duration.ofSeconds(40));
    CloudWatchEngine engine = engine(clock);
    DatasourceConfig rds =
        datasource("orders-rds").option(CloudWatchOptions.DB_INSTANCES, "orders-db-1").build();
    DatasourceConfig cache =
        datasource("sessions-cache")
            .option(CloudWatchOptions.METRIC_SETS, "elasticache")
            .option(CloudWatchOptions.CACHE_CLUSTERS, "staging-001")
            .build();
    assertThat(engine.validate(rds)).isEmpty();
    assertThat(engine.validate(cache)).isEmpty();
    try (Target t1 = engine.open(rds, resources);
        Target t2 = engine.open(cache, resources)) {
      MonitoredDatasource m1 = new MonitoredDatasource(rds, engine, t1);
      MonitoredDatasource m2 = new MonitoredDatasource(cache, engine, t2);
      awaitCalls(1);
      CloudWatchStandIn.Call first = standIn.calls().get(0);
      // Both datasources of the region in one call: 10 RDS instance metrics + 11 ElastiCache.
      assertThat(first.queries()).hasSize(21);
      assertThat(first.contentType()).isEqualTo("application/cbor");
      assertThat(first.protocol()).isEqualTo("rpc-v2-cbor");
      assertThat(first.authorization()).startsWith("AWS4-HMAC-SHA256 Credential=AKIDSTANDIN/");
      assertThat(first.authorization()).contains("/eu-west-1/monitoring/aws4_request");
      assertAligned(first, clock);

      // Scrapes read memory: however many, no call is added before the next period.
      ExpositionText scraped = awaitPublished(m1, 1);
      for (int i = 0; i < 20; i++) {
        scraped = Scraped.of(m1.collect(Deadline.in(Duration.ofSeconds(5))));
      }
      assertThat(standIn.calls()).hasSize(1);
      assertThat(
              scraped.value(
                  "aws_rds_cpuutilization_average",
                  "datasource",
                  "orders-rds",
                  "dbinstance_identifier",
                  "orders-db-1"))
          .isEqualTo(12.5); // the newest datapoint of the window
      assertThat(scraped.value("cloudwatch_up", "datasource", "orders-rds")).isEqualTo(1);
      assertThat(scraped.type("aws_rds_freeable_memory_average")).contains("gauge");
      assertThat(scraped.help("aws_rds_cpuutilization_average").orElseThrow())
          .startsWith("CloudWatch metric AWS/RDS CPUUtilization");
      // No sample timestamps: the value is the newest datapoint, exported at scrape time.
      assertThat(scraped.text()).doesNotContainPattern("orders-db-1\"} [0-9.e+]+ [0-9]{10}");

      ExpositionText cacheScraped = Scraped.of(m2.collect(Deadline.in(Duration.ofSeconds(5))));
      assertThat(
              cacheScraped.value(
                  "aws_elasticache_network_bandwidth_in_allowance_exceeded_sum",
                  "cache_cluster_id",
                  "staging-001"))
          .isEqualTo(7.0);
      // A metric without datapoints in the window exports nothing, never a zero.
      assertThat(cacheScraped.find("aws_elasticache_freeable_memory_average")).isEmpty();

      ExpositionText after = Scraped.of(m1.collect(Deadline.in(Duration.ofSeconds(5))));
      assertThat(
              after.value("dbscope_cloudwatch_requested_metrics_total", "datasource", "orders-rds"))
          .isEqualTo(10);
      assertThat(after.value("dbscope_cloudwatch_requests_total", "datasource", "orders-rds"))
          .isEqualTo(1);
      assertThat(after.value("dbscope_cloudwatch_request_errors_total", "datasource", "orders-rds"))
          .isZero();
      assertThat(after.value("dbscope_cloudwatch_queries", "datasource", "orders-rds"))
          .isEqualTo(10);
      assertThat(standIn.calls()).hasSize(1);
    }
  }

  @Test
  void theNextPeriodIsOneMoreCallWithItsWindowOnePeriodLater() throws Exception {
    InstantSource clock = boundaryIn(Duration.ofSeconds(6));
    CloudWatchEngine engine = engine(clock);
    DatasourceConfig rds =
        datasource("orders-rds").option(CloudWatchOptions.DB_INSTANCES, "orders-db-1").build();
    try (Target t = engine.open(rds, resources)) {
      MonitoredDatasource m = new MonitoredDatasource(rds, engine, t);
      awaitCalls(2);
      ExpositionText after = awaitPublished(m, 20);
      List<CloudWatchStandIn.Call> calls = standIn.calls();
      assertThat(calls).hasSize(2);
      calls.forEach(c -> assertAligned(c, clock));
      assertThat(calls.get(1).end() - calls.get(0).end()).isEqualTo(PERIOD.toSeconds());
      assertThat(
              after.value("dbscope_cloudwatch_requested_metrics_total", "datasource", "orders-rds"))
          .isEqualTo(20);
      assertThat(after.value("dbscope_cloudwatch_requests_total", "datasource", "orders-rds"))
          .isEqualTo(2);
    }
  }

  /** Scrapes until the poll whose call the stand-in saw has handed over its results. */
  private static ExpositionText awaitPublished(MonitoredDatasource m, double requested)
      throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      ExpositionText s = Scraped.of(m.collect(Deadline.in(Duration.ofSeconds(5))));
      if (s.sum("dbscope_cloudwatch_requested_metrics_total") >= requested
          || System.nanoTime() > until) {
        return s;
      }
      Thread.sleep(20);
    }
  }

  private static void assertAligned(CloudWatchStandIn.Call call, InstantSource clock) {
    long p = PERIOD.toSeconds();
    assertThat(call.end() % p).isZero();
    assertThat(call.end()).isLessThanOrEqualTo(clock.instant().minus(DELAY).getEpochSecond());
    assertThat(call.end()).isGreaterThan(clock.instant().minus(DELAY).getEpochSecond() - 2 * p);
    assertThat(call.end() - call.start()).isEqualTo(Window.PERIODS * p);
    for (JsonNode q : call.queries()) {
      assertThat(q.at("/MetricStat/Period").asLong()).isEqualTo(p);
    }
  }

  @Test
  void moreThan500MetricsAreBatchedWithEachMetricsStatisticsTogether() throws Exception {
    // Far from a window boundary: a test straddling one would see the scheduler's next poll.
    CloudWatchEngine engine = engine(boundaryIn(Duration.ofSeconds(40)));
    StringBuilder ids = new StringBuilder();
    for (int i = 1; i <= 11; i++) {
      ids.append(i > 1 ? "," : "").append("db-").append(i);
    }
    DatasourceConfig big =
        datasource("fleet")
            .option(CloudWatchOptions.DB_INSTANCES, ids.toString())
            .option(CloudWatchOptions.STATISTICS, "Average,Maximum,Minimum,Sum,SampleCount")
            .build();
    try (Target t = engine.open(big, resources)) {
      awaitCalls(2);
      Thread.sleep(300);
      List<CloudWatchStandIn.Call> calls = standIn.calls();
      // 10 metrics x 11 instances x 5 statistics = 550 billed metrics, in two calls.
      assertThat(calls).hasSize(2);
      assertThat(calls.get(0).queries().size() + calls.get(1).queries().size()).isEqualTo(550);
      Map<String, Integer> callOfMetric = new HashMap<>();
      for (int c = 0; c < calls.size(); c++) {
        assertThat(calls.get(c).queries()).hasSizeLessThanOrEqualTo(500);
        Set<String> idsInCall = new HashSet<>();
        for (JsonNode q : calls.get(c).queries()) {
          assertThat(idsInCall.add(q.get("Id").asText())).isTrue();
          JsonNode m = q.at("/MetricStat/Metric");
          String key = m.get("MetricName").asText() + "=" + m.at("/Dimensions/0/Value").asText();
          Integer before = callOfMetric.putIfAbsent(key, c);
          assertThat(before == null || before == c)
              .as("statistics of %s split over calls", key)
              .isTrue();
        }
      }
      MonitoredDatasource m = new MonitoredDatasource(big, engine, t);
      ExpositionText s = awaitPublished(m, 550);
      assertThat(s.value("dbscope_cloudwatch_requested_metrics_total", "datasource", "fleet"))
          .isEqualTo(550);
      assertThat(s.value("aws_rds_read_iops_average", "dbinstance_identifier", "db-11"))
          .isEqualTo(310.0);
    }
  }

  @Test
  void aFailedCallIsCollectorFailureAndUpZeroWithoutTheSecret() throws Exception {
    standIn.failWith(500);
    // Far from a window boundary: a test straddling one would see the scheduler's next poll.
    CloudWatchEngine engine = engine(boundaryIn(Duration.ofSeconds(40)));
    DatasourceConfig rds =
        datasource("orders-rds").option(CloudWatchOptions.DB_INSTANCES, "orders-db-1").build();
    try (Target t = engine.open(rds, resources)) {
      awaitCalls(1);
      Thread.sleep(300);
      MonitoredDatasource m = new MonitoredDatasource(rds, engine, t);
      ExpositionText s = Scraped.of(m.collect(Deadline.in(Duration.ofSeconds(5))));
      assertThat(s.value("cloudwatch_up", "datasource", "orders-rds")).isZero();
      assertThat(Scraped.success(s, "orders-rds", "cloudwatch")).isZero();
      assertThat(s.find("aws_rds_cpuutilization_average")).isEmpty();
      assertThat(m.lastError()).contains("GetMetricData failed");
      assertThat(m.lastError() + s.text()).doesNotContain(SECRET);
      // One call, not one per scrape and not SDK retries: the next period is the retry.
      assertThat(standIn.calls()).hasSize(1);
    }
  }
}
