package io.dbscope.engine.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.DatasourceConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Names, windows, batches, plans and checks with literal values, no I/O. */
class CloudWatchUnitsTest {
  private final MetricSets sets = MetricSets.builtin();

  @Test
  void namesAreCloudWatchExportersNames() {
    assertThat(MetricNames.family("AWS/RDS", "CPUUtilization", "Average"))
        .isEqualTo("aws_rds_cpuutilization_average");
    assertThat(MetricNames.family("AWS/RDS", "FreeStorageSpace", "Maximum"))
        .isEqualTo("aws_rds_free_storage_space_maximum");
    assertThat(MetricNames.family("AWS/DocDB", "VolumeReadIOPs", "Average"))
        .isEqualTo("aws_docdb_volume_read_iops_average");
    assertThat(MetricNames.family("AWS/ElastiCache", "NetworkBandwidthInAllowanceExceeded", "Sum"))
        .isEqualTo("aws_elasticache_network_bandwidth_in_allowance_exceeded_sum");
    assertThat(MetricNames.family("AWS/RDS", "ReadLatency", "SampleCount"))
        .isEqualTo("aws_rds_read_latency_sample_count");
    assertThat(MetricNames.family("AWS/RDS", "ReadLatency", "p99.9"))
        .isEqualTo("aws_rds_read_latency_p99_9");
    assertThat(MetricNames.label("DBInstanceIdentifier")).isEqualTo("dbinstance_identifier");
    assertThat(MetricNames.label("DBClusterIdentifier")).isEqualTo("dbcluster_identifier");
    assertThat(MetricNames.label("CacheClusterId")).isEqualTo("cache_cluster_id");
  }

  @Test
  void windowsEndOnAPeriodBoundaryAtLeastTheDelayAgo() {
    Instant now = Instant.parse("2026-12-03T10:07:42Z");
    Window w = Window.at(now, Duration.ofSeconds(60), Duration.ofSeconds(120));
    assertThat(w.end()).isEqualTo(Instant.parse("2026-12-03T10:05:00Z"));
    assertThat(w.start()).isEqualTo(Instant.parse("2026-12-03T10:02:00Z"));
    assertThat(w.nextPoll(Duration.ofSeconds(60), Duration.ofSeconds(120)))
        .isEqualTo(Instant.parse("2026-12-03T10:08:00Z"));
    Window five = Window.at(now, Duration.ofSeconds(300), Duration.ZERO);
    assertThat(five.end()).isEqualTo(Instant.parse("2026-12-03T10:05:00Z"));
    assertThat(five.start()).isEqualTo(Instant.parse("2026-12-03T09:50:00Z"));
  }

  @Test
  void batchesHoldAtMost500AndNeverSplitAMetric() {
    List<String> items = new ArrayList<>();
    for (int m = 0; m < 200; m++) {
      for (int s = 0; s < 3; s++) {
        items.add("metric" + m + "/stat" + s);
      }
    }
    List<List<String>> calls = Batches.of(items, i -> i.substring(0, i.indexOf('/')));
    assertThat(calls).hasSize(2);
    assertThat(calls.get(0)).hasSize(498); // 166 whole metrics; the 167th would make 501
    assertThat(calls.get(1)).hasSize(102);
    assertThat(Batches.of(List.<String>of(), i -> i)).isEmpty();
  }

  @Test
  void thePlanReadsEachMetricForTheIdentifiersOfItsDimension() {
    DatasourceConfig c =
        DatasourceConfig.builder("docs", "cloudwatch")
            .option(CloudWatchOptions.REGION, "eu-west-1")
            .option(CloudWatchOptions.METRIC_SETS, "docdb")
            .option(CloudWatchOptions.DB_INSTANCES, "dev-staging, dev-staging2")
            .option(CloudWatchOptions.DB_CLUSTERS, "dev-staging")
            .build();
    List<MetricQuery> plan = QueryPlan.of(c, sets);
    // 6 instance metrics x 2 instances + 3 cluster metrics x 1 cluster.
    assertThat(plan).hasSize(15);
    assertThat(plan)
        .filteredOn(q -> q.dimension().equals("DBClusterIdentifier"))
        .extracting(MetricQuery::family)
        .containsExactly(
            "aws_docdb_volume_bytes_used_average",
            "aws_docdb_volume_read_iops_average",
            "aws_docdb_volume_write_iops_average");
  }

  @Test
  void badKeysAreOneLineEachNamingTheKey() {
    DatasourceConfig c =
        DatasourceConfig.builder("x", "cloudwatch")
            .option(CloudWatchOptions.REGION, "Frankfurt")
            .option(CloudWatchOptions.ROLE_ARN, "dbscope-role")
            .option(CloudWatchOptions.METRIC_SETS, "rds,mongo")
            .option(CloudWatchOptions.STATISTICS, "Mean")
            .option(CloudWatchOptions.PERIOD, Duration.ofSeconds(90))
            .option(CloudWatchOptions.CACHE_CLUSTERS, "staging-001")
            .build();
    assertThat(CloudWatchChecks.problems(c, sets))
        .containsExactly(
            "region: 'Frankfurt' is not an AWS region name (such as \"eu-west-1\")",
            "roleArn: must be a role ARN (arn:aws:iam::<account>:role/<name>)",
            "period: CloudWatch takes 1, 5, 10, 30 s or a multiple of 60 s, got 90.0 s",
            "statistics: unknown statistic 'Mean' (Average, Sum, Minimum, Maximum, SampleCount or"
                + " pNN)",
            "metricSets: unknown set 'mongo' (known: [docdb, elasticache, rds])",
            "cacheClusterIds: no set in metricSets reads CacheClusterId; add one that does or"
                + " remove the key");
    DatasourceConfig empty =
        DatasourceConfig.builder("y", "cloudwatch")
            .option(CloudWatchOptions.REGION, "us-gov-west-1")
            .build();
    DatasourceConfig subSecond =
        DatasourceConfig.builder("z", "cloudwatch")
            .option(CloudWatchOptions.REGION, "eu-west-1")
            .option(CloudWatchOptions.DB_INSTANCES, "db-1")
            .option(CloudWatchOptions.PERIOD, Duration.ofMillis(500))
            .build();
    assertThat(CloudWatchChecks.problems(subSecond, sets))
        .containsExactly(
            "period: CloudWatch takes 1, 5, 10, 30 s or a multiple of 60 s, got 0.5 s");
    assertThat(CloudWatchChecks.problems(empty, sets))
        .containsExactly(
            "dbInstanceIdentifiers, dbClusterIdentifiers, cacheClusterIds or tags: write at least"
                + " one identifier or tag to monitor");
  }
}
