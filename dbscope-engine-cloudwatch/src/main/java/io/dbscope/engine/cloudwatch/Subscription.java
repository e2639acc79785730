package io.dbscope.engine.cloudwatch;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One datasource's share of a {@link RegionPoller}: its queries, the newest results, and its
 * self-metrics. The poller writes, scrapes read; results are replaced whole.
 */
final class Subscription {
  /**
   * The results of one poll.
   *
   * @param values the newest datapoint of each query that had one, by index in {@link #queries}
   * @param polledAt when the poll ran
   * @param error why the poll (or a call carrying this datasource's queries) failed; empty if none
   */
  record Results(Map<Integer, Double> values, Instant polledAt, String error) {
    Results {
      values = Map.copyOf(values);
    }
  }

  private final List<MetricQuery> queries;
  final AtomicLong requestedMetrics = new AtomicLong();
  final AtomicLong requests = new AtomicLong();
  final AtomicLong errors = new AtomicLong();
  private volatile Results results;
  private volatile Instant lastSuccess;
  private volatile Instant polledWindowEnd = Instant.MIN;

  Subscription(List<MetricQuery> queries) {
    this.queries = List.copyOf(queries);
  }

  List<MetricQuery> queries() {
    return queries;
  }

  Optional<Results> results() {
    return Optional.ofNullable(results);
  }

  Optional<Instant> lastSuccess() {
    return Optional.ofNullable(lastSuccess);
  }

  /** Whether this subscription's metrics are still to be requested for the window ending then. */
  boolean due(Instant windowEnd) {
    return polledWindowEnd.isBefore(windowEnd);
  }

  /** The results of the poll of the window ending {@code windowEnd}, answered or failed. */
  void publish(Instant windowEnd, Results r) {
    polledWindowEnd = windowEnd;
    results = r;
    if (r.error().isEmpty()) {
      lastSuccess = r.polledAt();
    }
  }
}
