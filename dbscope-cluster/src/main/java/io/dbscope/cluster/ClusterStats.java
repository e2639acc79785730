package io.dbscope.cluster;

import io.dbscope.core.metrics.SampleBatch;
import io.dbscope.core.metrics.SelfMetric;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The counters behind the {@code dbscope_cluster_*} self-metrics of one {@link ClusterNode}. */
final class ClusterStats {
  /** The {@code result} label values of {@code dbscope_cluster_handoffs_total}. */
  static final List<String> RESULTS =
      List.of("given", "taken", "recovered", "fresh", "refused", "failed");

  private final Labels labels;
  private final Map<String, LongAdder> handoffs = new ConcurrentHashMap<>();
  private final LongAdder renewFailures = new LongAdder();
  private final Map<String, Integer> stateBytes = new ConcurrentHashMap<>();

  ClusterStats(String cluster) {
    this.labels = Labels.of("cluster", cluster);
    RESULTS.forEach(r -> handoffs.put(r, new LongAdder()));
  }

  void handoff(String result) {
    handoffs.get(result).increment();
  }

  long handoffs(String result) {
    return handoffs.get(result).sum();
  }

  void renewFailed() {
    renewFailures.increment();
  }

  void stateWritten(String datasource, int bytes) {
    stateBytes.put(datasource, bytes);
  }

  void stateDropped(String datasource) {
    stateBytes.remove(datasource);
  }

  /**
   * @param view what the node knows now
   */
  void export(SampleBatch out, ClusterNode.Figures view) {
    SelfMetric.CLUSTER_MEMBERS.add(out, labels, view.members());
    SelfMetric.CLUSTER_DATASOURCES.add(out, labels, view.datasources());
    SelfMetric.CLUSTER_DATASOURCES_OWNED.add(out, labels, view.owned());
    SelfMetric.CLUSTER_EPOCH.add(out, labels, view.epoch());
    for (String r : RESULTS) {
      SelfMetric.CLUSTER_HANDOFFS.add(out, labels.add("result", r), handoffs.get(r).sum());
    }
    SelfMetric.CLUSTER_LEASE_RENEW_FAILURES.add(out, labels, renewFailures.sum());
    SelfMetric.CLUSTER_STATE_BYTES.add(
        out, labels, stateBytes.values().stream().mapToLong(Integer::longValue).sum());
    SelfMetric.CLUSTER_REDIS_UP.add(out, labels, view.redisUp() ? 1 : 0);
    SelfMetric.CLUSTER_FENCED.add(out, labels, view.fenced() ? 1 : 0);
  }
}
