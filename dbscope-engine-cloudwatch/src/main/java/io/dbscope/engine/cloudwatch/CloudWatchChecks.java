package io.dbscope.engine.cloudwatch;

import static io.dbscope.engine.cloudwatch.CloudWatchOptions.items;

import io.dbscope.core.config.DatasourceConfig;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The checks of a cloudwatch datasource's keys, each problem one readable line naming its key. */
final class CloudWatchChecks {
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");
  private static final Set<Long> SHORT_PERIODS = Set.of(1L, 5L, 10L, 30L);

  private CloudWatchChecks() {}

  static List<String> problems(DatasourceConfig c, MetricSets sets) {
    List<String> out = new ArrayList<>();
    String region = c.option(CloudWatchOptions.REGION);
    if (region.isEmpty()) {
      out.add("region: required for engine cloudwatch (such as \"eu-west-1\")");
    } else if (!REGION.matcher(region).matches()) {
      out.add("region: '" + region + "' is not an AWS region name (such as \"eu-west-1\")");
    }
    String role = c.option(CloudWatchOptions.ROLE_ARN);
    if (!role.isEmpty() && !role.startsWith("arn:")) {
      out.add("roleArn: must be a role ARN (arn:aws:iam::<account>:role/<name>)");
    }
    Duration p = c.option(CloudWatchOptions.PERIOD);
    long period = p.toSeconds();
    if (p.toMillis() % 1000 != 0
        || period == 0
        || !SHORT_PERIODS.contains(period) && period % 60 != 0) {
      out.add(
          "period: CloudWatch takes 1, 5, 10, 30 s or a multiple of 60 s, got "
              + p.toMillis() / 1000.0
              + " s");
    }
    for (String st : items(c, CloudWatchOptions.STATISTICS)) {
      Statistics.problem(st).ifPresent(why -> out.add("statistics: " + why));
    }
    Set<String> dimensionsRead = new HashSet<>();
    for (String name : items(c, CloudWatchOptions.METRIC_SETS)) {
      sets.get(name)
          .ifPresentOrElse(
              s -> s.metrics().forEach(m -> dimensionsRead.add(m.dimension())),
              () ->
                  out.add("metricSets: unknown set '" + name + "' (known: " + sets.names() + ")"));
    }
    boolean any = false;
    for (String d : Dimensions.ALL) {
      if (!CloudWatchOptions.identifiers(c, d).isEmpty()) {
        any = true;
        if (!dimensionsRead.contains(d)) {
          out.add(
              CloudWatchOptions.keyOf(d)
                  + ": no set in metricSets reads "
                  + d
                  + "; add one that does or remove the key");
        }
      }
    }
    List<String> tags = items(c, CloudWatchOptions.TAGS);
    for (TaggingClient.TagFilter f : TagSelection.parse(tags)) {
      if (f.key().isEmpty()) {
        out.add("tags: each item is key=value or key, got one without a key");
      }
    }
    if (!any && tags.isEmpty()) {
      out.add(
          "dbInstanceIdentifiers, dbClusterIdentifiers, cacheClusterIds or tags: write at least"
              + " one identifier or tag to monitor");
    }
    String tagging = c.option(CloudWatchOptions.TAGGING_URL);
    if (!tagging.isEmpty() && !httpUrl(tagging)) {
      out.add("taggingUrl: the tagging API endpoint must be an http(s) URL");
    }
    c.url()
        .filter(u -> !"https".equals(u.getScheme()) && !"http".equals(u.getScheme()))
        .ifPresent(u -> out.add("url: the CloudWatch endpoint must be an http(s) URL"));
    return out;
  }

  private static boolean httpUrl(String s) {
    try {
      URI u = URI.create(s);
      return ("https".equals(u.getScheme()) || "http".equals(u.getScheme())) && u.getHost() != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
