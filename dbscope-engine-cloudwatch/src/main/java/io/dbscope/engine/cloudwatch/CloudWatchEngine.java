package io.dbscope.engine.cloudwatch;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.config.OptionTable;
import io.dbscope.core.definition.Definition;
import io.dbscope.core.engine.Engine;
import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.engine.Once;
import io.dbscope.core.engine.StatefulCollector;
import io.dbscope.core.engine.Target;
import io.dbscope.core.metrics.MetricType;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * AWS CloudWatch ({@code engine = "cloudwatch"}): the metrics of managed databases that only
 * CloudWatch has (CPU, memory, storage, IOPS, network, latency of RDS, Aurora, DocumentDB and
 * ElastiCache), read with GetMetricData by one poller per region and period ({@link RegionPoller}),
 * once a period, and served from memory on every scrape. Metric sets are data ({@link MetricSets});
 * names are cloudwatch_exporter's ({@link MetricNames}).
 *
 * <pre>{@code
 * [[datasource]]
 * name = "orders-rds"
 * engine = "cloudwatch"
 * region = "eu-west-1"
 * dbInstanceIdentifiers = "orders-db-1"
 * }</pre>
 */
public final class CloudWatchEngine implements Engine {
  // Read at first use, like the credentials chain: every start constructs this engine, and most
  // configs have no CloudWatch datasource (docs/benchmarks.md).
  private final Once<MetricSets> sets = new Once<>(MetricSets::builtin);
  private final Pollers pollers;
  private final InstantSource clock;

  /** Credentials from the AWS SDK's default chain (environment, profile, web identity, IMDS). */
  public CloudWatchEngine() {
    this(InstantSource.system(), new Once<>(() -> DefaultCredentialsProvider.builder().build()));
  }

  /** Credentials from {@code credentials} (tests: static ones for a stand-in endpoint). */
  public CloudWatchEngine(AwsCredentialsProvider credentials, InstantSource clock) {
    this(clock, () -> credentials);
  }

  private CloudWatchEngine(InstantSource clock, Supplier<AwsCredentialsProvider> credentials) {
    this.clock = clock;
    this.pollers = new Pollers(key -> new CloudWatchClients(key, credentials.get()), clock);
  }

  @Override
  public String id() {
    return "cloudwatch";
  }

  @Override
  public int defaultPort() {
    return 443;
  }

  @Override
  public boolean addressRequired() {
    return false;
  }

  @Override
  public String urlExample() {
    return "https://monitoring.<region>.amazonaws.com";
  }

  @Override
  public String about() {
    return "No `dbHost`, user or password: the region and the AWS SDK's default credentials"
        + " chain (optionally a role in `roleArn`) say where and who. `url`, when written,"
        + " overrides the CloudWatch endpoint (a VPC endpoint). Metrics are read once a `period`"
        + " for all datasources of a region and served from memory (docs/cloudwatch.md).";
  }

  @Override
  public String upMetric() {
    return "cloudwatch_up";
  }

  @Override
  public String upHelp() {
    return "Whether the last GetMetricData poll for this datasource answered (1 for yes, 0 for"
        + " no); no scrape calls CloudWatch itself.";
  }

  @Override
  public List<OptionTable> optionTables() {
    return List.of(CloudWatchOptions.TABLE);
  }

  @Override
  public List<Definition> definitions() {
    return List.of();
  }

  @Override
  public List<StatefulCollector> statefulCollectors(DatasourceConfig config) {
    return List.of(new CloudWatchCollector());
  }

  @Override
  public Target open(DatasourceConfig config, EngineResources resources) {
    List<String> tags = CloudWatchOptions.items(config, CloudWatchOptions.TAGS);
    Optional<TagSelection> selection =
        tags.isEmpty()
            ? Optional.empty()
            : Optional.of(
                new TagSelection(
                    config.name(),
                    TagSelection.parse(tags),
                    config.option(CloudWatchOptions.TAGS_REFRESH),
                    found -> QueryPlan.of(config, sets.get(), found)));
    Pollers.Handle h =
        pollers.join(PollerKey.of(config), QueryPlan.of(config, sets.get()), selection, resources);
    return new CloudWatchTarget(pollers, h, clock);
  }

  /**
   * Every family this engine can export with the sets' own statistics, with its type: the ready
   * sets' metrics and the self-metrics; for the checks of deploy/ rules and the docs.
   */
  public Map<String, MetricType> families() {
    Map<String, MetricType> out = new TreeMap<>();
    MetricSets all = sets.get();
    for (String name : all.names()) {
      MetricSets.MetricSet set = all.get(name).orElseThrow();
      for (MetricSets.Metric m : set.metrics()) {
        for (String st : m.statistics()) {
          out.put(MetricNames.family(set.namespace(), m.name(), st), MetricType.GAUGE);
        }
      }
    }
    out.putAll(CloudWatchCollector.SELF_METRICS);
    return out;
  }

  @Override
  public List<String> validate(DatasourceConfig config) {
    return CloudWatchChecks.problems(config, sets.get());
  }
}
