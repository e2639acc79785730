package io.dbscope.engine.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.scrape.Deadline;
import io.dbscope.core.scrape.MonitoredDatasource;
import io.dbscope.testkit.CloudWatchStandIn;
import io.dbscope.testkit.ExpositionText;
import io.dbscope.testkit.Scraped;
import io.dbscope.testkit.TaggingStandIn;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Selection by tags against {@link TaggingStandIn} (the Tagging API's awsJson1_1 wire protocol,
 * signed by the SDK's SigV4 signer) and {@link CloudWatchStandIn}: the filters sent, every page
 * followed, identifiers found polled like listed ones and deduplicated, and a tag change seen only
 * after {@code tagsRefresh}. The clock is moved by hand and polls are run directly, so nothing here
 * waits for a period.
 */
class CloudWatchTagsTest {
  private static final String ARN = "arn:aws:rds:eu-west-1:123456789012:";
  private static final String CACHE_ARN = "arn:aws:elasticache:eu-west-1:123456789012:cluster:";
  private static final Map<String, String> PROD = Map.of("env", "prod", "team", "db");

  /** A clock a test moves: the poller's windows and the refresh interval follow it. */
  private static final class HandClock implements InstantSource {
    private volatile Instant now = Instant.parse("2026-12-01T10:00:30Z");

    @Override
    public Instant instant() {
      return now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }
  }

  private CloudWatchStandIn cloudWatch;
  private TaggingStandIn tagging;
  private EngineResources resources;
  private final HandClock clock = new HandClock();

  @BeforeEach
  void start() throws Exception {
    cloudWatch = new CloudWatchStandIn();
    tagging = new TaggingStandIn(2);
    resources = EngineResources.create();
    tagging.tag(ARN + "db:orders-1", PROD);
    tagging.tag(ARN + "db:orders-2", PROD);
    tagging.tag(ARN + "db:reports-1", Map.of("env", "dev", "team", "db"));
    tagging.tag(ARN + "cluster:aurora-1", PROD);
    tagging.tag(CACHE_ARN + "sessions-001", PROD);
    tagging.tag("arn:aws:s3:::prod-bucket", PROD); // not a type asked for
  }

  @AfterEach
  void stop() {
    resources.close();
    tagging.close();
    cloudWatch.close();
  }

  private DatasourceConfig config() {
    return DatasourceConfig.builder("fleet", "cloudwatch")
        .url(cloudWatch.endpoint())
        .option(CloudWatchOptions.REGION, "eu-west-1")
        .option(CloudWatchOptions.TAGGING_URL, tagging.endpoint().toString())
        .option(CloudWatchOptions.TAGS, "env=prod, team=db")
        .option(CloudWatchOptions.DB_INSTANCES, "orders-1")
        .option(CloudWatchOptions.METRIC_SETS, "rds,elasticache")
        .build();
  }

  /** The identifiers of the last GetMetricData call, each with its number of queries. */
  private Map<String, Integer> lastPolled() {
    List<CloudWatchStandIn.Call> calls = cloudWatch.calls();
    Map<String, Integer> out = new TreeMap<>();
    for (JsonNode q : calls.get(calls.size() - 1).queries()) {
      JsonNode d = q.get("MetricStat").get("Metric").get("Dimensions").get(0);
      out.merge(d.get("Value").asText(), 1, Integer::sum);
    }
    return out;
  }

  @Test
  void tagsSelectResourcesRefreshedOnlyEveryTagsRefresh() throws Exception {
    CloudWatchEngine engine =
        new CloudWatchEngine(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSTANDIN", "s3cr3t")),
            clock);
    DatasourceConfig config = config();
    assertThat(engine.validate(config)).isEmpty();
    try (CloudWatchTarget target = (CloudWatchTarget) engine.open(config, resources)) {
      MonitoredDatasource m = new MonitoredDatasource(config, engine, target);
      RegionPoller poller = target.handle().poller();
      poller.poll();

      // Four resources carry both tags, in pages of two: two calls, the second with the token.
      List<TaggingStandIn.Call> calls = tagging.calls();
      assertThat(calls).hasSize(2);
      TaggingStandIn.Call first = calls.get(0);
      assertThat(first.target()).isEqualTo("ResourceGroupsTaggingAPI_20170126.GetResources");
      assertThat(first.contentType()).isEqualTo("application/x-amz-json-1.1");
      assertThat(first.authorization())
          .startsWith("AWS4-HMAC-SHA256 Credential=AKIDSTANDIN/")
          .contains("/eu-west-1/tagging/aws4_request");
      assertThat(first.body().toString())
          .isEqualTo(
              "{\"TagFilters\":[{\"Key\":\"env\",\"Values\":[\"prod\"]},"
                  + "{\"Key\":\"team\",\"Values\":[\"db\"]}],"
                  + "\"ResourceTypeFilters\":[\"rds:db\",\"rds:cluster\",\"elasticache:cluster\"]}");
      assertThat(calls.get(1).body().get("PaginationToken").asText()).isEqualTo("page-2");

      // Listed orders-1 is also tagged: queried once. 10 per instance, 7 per cluster, 11 per node.
      assertThat(lastPolled())
          .isEqualTo(Map.of("orders-1", 10, "orders-2", 10, "aurora-1", 7, "sessions-001", 11));
      ExpositionText s = Scraped.of(m.collect(Deadline.in(Duration.ofSeconds(5))));
      assertThat(s.value("aws_rds_cpuutilization_average", "dbinstance_identifier", "orders-2"))
          .isNotNull();
      assertThat(s.value("dbscope_cloudwatch_tagging_requests_total", "datasource", "fleet"))
          .isEqualTo(2);
      assertThat(s.value("dbscope_cloudwatch_queries", "datasource", "fleet")).isEqualTo(38);

      // Tags change in AWS: orders-2 and the listed orders-1 lose theirs, orders-3 gains them.
      tagging.tag(ARN + "db:orders-2", Map.of("env", "dev"));
      tagging.tag(ARN + "db:orders-1", Map.of());
      tagging.tag(ARN + "db:orders-3", PROD);
      List<Map<String, Integer>> polled = new ArrayList<>();
      for (int i = 1; i < 10; i++) { // nine more periods: no refresh yet
        clock.advance(Duration.ofSeconds(60));
        poller.poll();
        polled.add(lastPolled());
      }
      assertThat(tagging.calls()).hasSize(2);
      assertThat(polled).allSatisfy(p -> assertThat(p).containsKey("orders-2"));
      assertThat(cloudWatch.calls()).hasSize(10);

      clock.advance(Duration.ofSeconds(60)); // 10 min since the first refresh
      poller.poll();
      assertThat(tagging.calls()).hasSize(4);
      // orders-1 stays (listed), orders-2 is gone, orders-3 is polled in the same call.
      assertThat(lastPolled())
          .isEqualTo(Map.of("orders-1", 10, "orders-3", 10, "aurora-1", 7, "sessions-001", 11));

      // A failed refresh keeps the identifiers found before and is counted.
      tagging.failWith(500);
      clock.advance(Duration.ofMinutes(10));
      poller.poll();
      assertThat(tagging.calls()).hasSize(5);
      assertThat(lastPolled()).containsKey("orders-3");
      s = Scraped.of(m.collect(Deadline.in(Duration.ofSeconds(5))));
      assertThat(s.value("dbscope_cloudwatch_tagging_request_errors_total", "datasource", "fleet"))
          .isEqualTo(1);
      assertThat(s.value("cloudwatch_up", "datasource", "fleet")).isEqualTo(1);
      assertThat(s.text()).doesNotContain("s3cr3t");
    }
  }

  @Test
  void arnsBecomeDimensions() {
    assertThat(TaggingClient.dimensionOf(ARN + "db:orders-1"))
        .contains(Map.entry("DBInstanceIdentifier", "orders-1"));
    assertThat(TaggingClient.dimensionOf(ARN + "cluster:aurora-1"))
        .contains(Map.entry("DBClusterIdentifier", "aurora-1"));
    assertThat(TaggingClient.dimensionOf(CACHE_ARN + "sessions-001"))
        .contains(Map.entry("CacheClusterId", "sessions-001"));
    assertThat(TaggingClient.dimensionOf(ARN + "snapshot:s1")).isEmpty();
    assertThat(TaggingClient.dimensionOf("arn:aws:s3:::bucket")).isEmpty();
  }

  @Test
  void tagKeysAreChecked() {
    CloudWatchEngine engine = new CloudWatchEngine();
    DatasourceConfig onlyTags =
        DatasourceConfig.builder("t", "cloudwatch")
            .option(CloudWatchOptions.REGION, "eu-west-1")
            .option(CloudWatchOptions.TAGS, "env")
            .build();
    assertThat(engine.validate(onlyTags)).isEmpty();
    DatasourceConfig bad =
        DatasourceConfig.builder("t", "cloudwatch")
            .option(CloudWatchOptions.REGION, "eu-west-1")
            .option(CloudWatchOptions.TAGS, "=prod")
            .option(CloudWatchOptions.TAGGING_URL, "ftp://x")
            .build();
    assertThat(engine.validate(bad))
        .containsExactly(
            "tags: each item is key=value or key, got one without a key",
            "taggingUrl: the tagging API endpoint must be an http(s) URL");
  }
}
