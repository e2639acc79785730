package io.dbscope.core.engine;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.metrics.SampleBatch;
import io.dbscope.core.scrape.Deadline;
import io.prometheus.metrics.model.snapshots.Labels;

/**
 * A collector that keeps state between scrapes (statement statistics with deltas, slow-SQL events
 * seen once), which a stateless {@link io.dbscope.core.definition.Definition} cannot express. One
 * instance per datasource, created by {@link Engine#statefulCollectors}; called by one collection
 * at a time, so it needs no locking against itself.
 *
 * <p>It runs on the scrape's borrowed session after the definitions, under the same accounting: an
 * exception makes it {@code success=0} with no samples, and nothing else is affected.
 */
public interface StatefulCollector {

  /** Collector id, the {@code collector} label of self-metrics. */
  String id();

  /** Whether it runs on this server (for example only when pg_stat_statements is installed). */
  boolean applies(ServerFacts facts, DatasourceConfig config);

  /**
   * Reads through {@code session} and adds samples to {@code out}.
   *
   * @param labels the datasource's labels, to put on every sample
   */
  void collect(Session session, Deadline deadline, Labels labels, SampleBatch out) throws Exception;
}
