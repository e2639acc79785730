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
   * @param queries the queries polled (tags may change them from one poll to the next)
   * @param values the newest datapoint of each query that had one, by index in {@code queries}
   * @param polledAt when the poll ran
   * @param error why the poll (or a call carrying this datasource's queries) failed; empty if none
   */
  record Results(
      List<MetricQuery> queries, Map<Integer, Double> values, Instant polledAt, String error) {
    Results {
      queries = List.copyOf(queries);
      values = Map.copyOf(values);
    }
  }

  private final Optional<TagSelection> tags;
  private volatile List<MetricQuery> queries;
  final AtomicLong requestedMetrics = new AtomicLong();
  final AtomicLong requests = new AtomicLong();
  final AtomicLong errors = new AtomicLong();
  private volatile Results results;
  private volatile Instant lastSuccess;
  private volatile Instant polledWindowEnd = Instant.MIN;

  Subscription(List<MetricQuery> queries) {
    this(queries, Optional.empty());
  }

  Subscription(List<MetricQuery> queries, Optional<TagSelection> tags) {
    this.queries = List.copyOf(queries);
    this.tags = tags;
  }

  List<MetricQuery> queries() {
    return queries;
  }

  Optional<TagSelection> tags() {
    return tags;
  }

  /** The queries after a refresh of the tags: from the next poll on. */
  void replaceQueries(List<MetricQuery> q) {
    queries = List.copyOf(q);
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
