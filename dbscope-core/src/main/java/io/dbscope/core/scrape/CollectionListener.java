package io.dbscope.core.scrape;

import io.dbscope.core.metrics.SampleBatch;

/**
 * Sees every finished collection of a datasource with its samples, on the collecting thread, right
 * before the samples go to the scrape: the console's history takes its few key figures from here
 * instead of keeping every datasource's last batch. Must be quick and must not throw (a failure is
 * logged and the scrape goes on).
 */
@FunctionalInterface
public interface CollectionListener {
  CollectionListener NONE = (d, s, samples) -> {};

  void collected(MonitoredDatasource datasource, LastScrape scrape, SampleBatch samples);
}
