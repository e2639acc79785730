package io.dbscope.engine.cloudwatch;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.config.Option;
import io.dbscope.core.config.OptionTable;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;

/** The keys of {@code engine = "cloudwatch"} datasources. */
public final class CloudWatchOptions {
  public static final Option<String> REGION =
      Option.string("region", "", "AWS region of the metrics, such as `eu-west-1`; required");

  public static final Option<String> ROLE_ARN =
      Option.string(
          "roleArn",
          "",
          "IAM role to assume (STS AssumeRole) with the credentials of the AWS SDK's default chain;"
              + " empty: use those credentials directly");

  public static final Option<String> DB_INSTANCES =
      Option.string(
          "dbInstanceIdentifiers",
          "",
          "comma-separated `DBInstanceIdentifier` values (RDS, Aurora and DocumentDB instances)");

  public static final Option<String> DB_CLUSTERS =
      Option.string(
          "dbClusterIdentifiers",
          "",
          "comma-separated `DBClusterIdentifier` values (Aurora and DocumentDB clusters)");

  public static final Option<String> CACHE_CLUSTERS =
      Option.string(
          "cacheClusterIds", "", "comma-separated `CacheClusterId` values (ElastiCache nodes)");

  public static final Option<String> TAGS =
      Option.string(
          "tags",
          "",
          "comma-separated `key=value` (or `key`: any value) tags: RDS instances and clusters and"
              + " ElastiCache nodes carrying all of them are read as if listed (Resource Groups"
              + " Tagging API `GetResources`, every `tagsRefresh`)");

  public static final Option<Duration> TAGS_REFRESH =
      Option.duration(
          "tagsRefresh",
          Duration.ofMinutes(10),
          ChronoUnit.SECONDS,
          60,
          Duration.ofDays(1),
          "how often the resources carrying `tags` are looked up again; a tag changed in AWS is"
              + " seen within this time");

  public static final Option<String> TAGGING_URL =
      Option.string(
          "taggingUrl",
          "",
          "the Resource Groups Tagging API endpoint for `tags`; empty: "
              + "`https://tagging.<region>.amazonaws.com`");

  public static final Option<String> METRIC_SETS =
      Option.string(
          "metricSets",
          "rds",
          "comma-separated ready sets to read: `rds` (RDS and Aurora PostgreSQL), `docdb`,"
              + " `elasticache`; each metric is read for the identifiers of its dimension");

  public static final Option<String> STATISTICS =
      Option.string(
          "statistics",
          "",
          "comma-separated statistics (`Average`, `Sum`, `Minimum`, `Maximum`, `SampleCount`,"
              + " `p99`) for every metric instead of each set's own; each one is a metric billed");

  public static final Option<Duration> PERIOD =
      Option.duration(
          "period",
          Duration.ofSeconds(60),
          ChronoUnit.SECONDS,
          1,
          Duration.ofDays(1),
          "CloudWatch period of the statistics and interval of the GetMetricData calls (60 or a"
              + " multiple; 1, 5, 10, 30 for high-resolution metrics); never one call per scrape");

  public static final Option<Duration> DELAY =
      Option.duration(
          "delay",
          Duration.ofSeconds(120),
          ChronoUnit.SECONDS,
          0,
          Duration.ofHours(1),
          "how far behind now the window ends, for CloudWatch's lateness in publishing");

  public static final OptionTable TABLE =
      new OptionTable(
          "AWS CloudWatch",
          "Keys of `cloudwatch` datasources: the metrics of managed databases (Amazon RDS and"
              + " Aurora PostgreSQL, DocumentDB, ElastiCache) read with `GetMetricData` once a"
              + " period per region and served from memory on every scrape (docs/cloudwatch.md).",
          List.of(
              REGION,
              ROLE_ARN,
              DB_INSTANCES,
              DB_CLUSTERS,
              CACHE_CLUSTERS,
              TAGS,
              TAGS_REFRESH,
              TAGGING_URL,
              METRIC_SETS,
              STATISTICS,
              PERIOD,
              DELAY));

  private CloudWatchOptions() {}

  /** The non-empty items of a comma-separated value. */
  static List<String> items(DatasourceConfig config, Option<String> option) {
    return Arrays.stream(config.option(option).split(","))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .toList();
  }

  /** The identifiers written for {@code dimension}. */
  static List<String> identifiers(DatasourceConfig config, String dimension) {
    return switch (dimension) {
      case Dimensions.DB_INSTANCE -> items(config, DB_INSTANCES);
      case Dimensions.DB_CLUSTER -> items(config, DB_CLUSTERS);
      case Dimensions.CACHE_CLUSTER -> items(config, CACHE_CLUSTERS);
      default -> List.of();
    };
  }

  /** The key that lists identifiers of {@code dimension}. */
  static String keyOf(String dimension) {
    return switch (dimension) {
      case Dimensions.DB_INSTANCE -> DB_INSTANCES.name();
      case Dimensions.DB_CLUSTER -> DB_CLUSTERS.name();
      default -> CACHE_CLUSTERS.name();
    };
  }
}
