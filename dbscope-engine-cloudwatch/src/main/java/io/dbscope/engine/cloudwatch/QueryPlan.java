package io.dbscope.engine.cloudwatch;

import io.dbscope.core.config.DatasourceConfig;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The metrics a datasource requests each period: every metric of its sets, for every identifier
 * written for the metric's dimension, for every statistic (the set's, or {@code statistics}).
 * Duplicates (the same metric, identifier and statistic twice) are requested once.
 */
final class QueryPlan {
  private QueryPlan() {}

  static List<MetricQuery> of(DatasourceConfig config, MetricSets sets) {
    return of(config, sets, Map.of());
  }

  /** The queries for the identifiers written and those {@code found} by tags, each once. */
  static List<MetricQuery> of(
      DatasourceConfig config, MetricSets sets, Map<String, Set<String>> found) {
    List<String> override = CloudWatchOptions.items(config, CloudWatchOptions.STATISTICS);
    Set<MetricQuery> out = new LinkedHashSet<>();
    for (String name : CloudWatchOptions.items(config, CloudWatchOptions.METRIC_SETS)) {
      MetricSets.MetricSet set = sets.get(name).orElse(null);
      if (set == null) {
        continue; // validate() reported it
      }
      for (MetricSets.Metric m : set.metrics()) {
        Set<String> ids = new LinkedHashSet<>(CloudWatchOptions.identifiers(config, m.dimension()));
        ids.addAll(found.getOrDefault(m.dimension(), Set.of()));
        for (String id : ids) {
          for (String stat : override.isEmpty() ? m.statistics() : override) {
            out.add(
                new MetricQuery(
                    set.namespace(),
                    m.name(),
                    m.dimension(),
                    id,
                    stat,
                    MetricNames.family(set.namespace(), m.name(), stat),
                    MetricNames.label(m.dimension()),
                    MetricNames.help(set.namespace(), m, stat)));
          }
        }
      }
    }
    return List.copyOf(new ArrayList<>(out));
  }
}
