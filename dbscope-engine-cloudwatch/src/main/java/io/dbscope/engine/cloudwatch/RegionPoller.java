package io.dbscope.engine.cloudwatch;

import io.dbscope.core.engine.EngineResources;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;

/**
 * Polls CloudWatch for every datasource of one {@link PollerKey}: once a period, when the aligned
 * {@link Window} is complete, all their queries in as few GetMetricData calls as the 500-query
 * limit allows ({@link Batches}), and hands each {@link Subscription} its results. Scrapes only
 * read those results: no scrape ever calls CloudWatch.
 *
 * <p>Timers run on the process's housekeeping scheduler and each poll on a virtual thread of its
 * own, so a slow endpoint holds up neither housekeeping nor scrapes. A new datasource is polled
 * about a second after it subscribes (several subscribing at start share that poll).
 *
 * <p>A datasource selecting by tags has its {@link TagSelection} refreshed at the start of a poll
 * when {@code tagsRefresh} has passed, so the identifiers found are polled in that same call.
 */
final class RegionPoller implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RegionPoller.class);
  private static final Duration FIRST_POLL = Duration.ofSeconds(1);
  private static final Duration SLACK = Duration.ofMillis(200);

  private record Entry(Subscription sub, int index, MetricQuery query) {}

  private final PollerKey key;
  private final CloudWatchClients clients;
  private final EngineResources resources;
  private final InstantSource clock;
  private final List<Subscription> subs = new CopyOnWriteArrayList<>();
  private final ReentrantLock polling = new ReentrantLock();
  private final Object timer = new Object();
  private ScheduledFuture<?> next; // guarded by timer
  private boolean closed; // guarded by timer
  private String lastError = "";

  RegionPoller(
      PollerKey key, CloudWatchClients clients, EngineResources resources, InstantSource clock) {
    this.key = key;
    this.clients = clients;
    this.resources = resources;
    this.clock = clock;
  }

  Subscription subscribe(List<MetricQuery> queries, Optional<TagSelection> tags) {
    Subscription s = new Subscription(queries, tags);
    subs.add(s);
    synchronized (timer) {
      if (next == null || next.getDelay(TimeUnit.MILLISECONDS) > FIRST_POLL.toMillis()) {
        schedule(FIRST_POLL);
      }
    }
    return s;
  }

  /** Removes a datasource; returns whether none is left. */
  boolean unsubscribe(Subscription s) {
    subs.remove(s);
    return subs.isEmpty();
  }

  private void schedule(Duration in) {
    synchronized (timer) {
      if (closed) {
        return;
      }
      if (next != null) {
        next.cancel(false);
      }
      next =
          resources
              .scheduler()
              .schedule(
                  () -> resources.threads().newThread(this::pollAndReschedule).start(),
                  Math.max(0, in.toMillis()),
                  TimeUnit.MILLISECONDS);
    }
  }

  private void pollAndReschedule() {
    Window w = poll();
    Instant due = w.nextPoll(key.period(), key.delay());
    // A little after the window completes: a timer firing early finds nothing to poll anyway.
    schedule(Duration.between(clock.instant(), due).plus(SLACK));
  }

  /**
   * One poll, now, of every subscription not yet polled for the current window; returns the window.
   * So each datasource's metrics are requested at most once per window: a datasource joining late
   * is polled alone, and a timer firing early polls nothing. One poll runs at a time.
   */
  Window poll() {
    polling.lock();
    try {
      Instant now = clock.instant();
      Window w = Window.at(now, key.period(), key.delay());
      List<Subscription> due = subs.stream().filter(s -> s.due(w.end())).toList();
      Map<Subscription, List<MetricQuery>> polled = new HashMap<>();
      List<Entry> entries = new ArrayList<>();
      for (Subscription s : due) {
        s.tags().flatMap(t -> t.refreshIfDue(now, clients.tagging())).ifPresent(s::replaceQueries);
        List<MetricQuery> qs = s.queries();
        polled.put(s, qs);
        for (int i = 0; i < qs.size(); i++) {
          entries.add(new Entry(s, i, qs.get(i)));
        }
      }
      Map<Subscription, Map<Integer, Double>> values = new HashMap<>();
      Map<Subscription, String> errors = new HashMap<>();
      for (List<Entry> call : Batches.of(entries, e -> e.query().metricKey())) {
        call(w, call, values, errors);
      }
      for (Subscription s : due) {
        s.publish(
            w.end(),
            new Subscription.Results(
                polled.get(s), values.getOrDefault(s, Map.of()), now, errors.getOrDefault(s, "")));
      }
      report(errors.values().stream().findFirst().orElse(""));
      return w;
    } finally {
      polling.unlock();
    }
  }

  private void call(
      Window w,
      List<Entry> call,
      Map<Subscription, Map<Integer, Double>> values,
      Map<Subscription, String> errors) {
    List<MetricDataQuery> queries = new ArrayList<>();
    Map<Subscription, Long> perSub = new HashMap<>();
    for (int i = 0; i < call.size(); i++) {
      queries.add(query("m" + i, call.get(i).query()));
      perSub.merge(call.get(i).sub(), 1L, Long::sum);
    }
    CloudWatchClient cw = clients.cloudWatch();
    String token = null;
    try {
      do {
        GetMetricDataRequest.Builder req =
            GetMetricDataRequest.builder()
                .startTime(w.start())
                .endTime(w.end())
                .scanBy(ScanBy.TIMESTAMP_DESCENDING)
                .metricDataQueries(queries);
        if (token != null) {
          req.nextToken(token);
        }
        perSub.keySet().forEach(s -> s.requests.incrementAndGet());
        GetMetricDataResponse resp = cw.getMetricData(req.build());
        // AWS bills each query of a call it answered (every page of a paginated one).
        perSub.forEach((s, n) -> s.requestedMetrics.addAndGet(n));
        for (MetricDataResult r : resp.metricDataResults()) {
          newest(r).ifPresent(v -> store(call, r.id(), v, values));
        }
        token = resp.nextToken();
      } while (token != null && !token.isEmpty());
    } catch (RuntimeException e) {
      String why = "GetMetricData failed: " + e.getMessage();
      perSub.keySet().forEach(s -> s.errors.incrementAndGet());
      perSub.keySet().forEach(s -> errors.putIfAbsent(s, why));
    }
  }

  private static Optional<Double> newest(MetricDataResult r) {
    if (r.values().isEmpty() || r.timestamps().isEmpty()) {
      return Optional.empty();
    }
    // TIMESTAMP_DESCENDING: the first is the newest; checked anyway, a stand-in may not sort.
    int best = 0;
    for (int i = 1; i < r.timestamps().size(); i++) {
      if (r.timestamps().get(i).isAfter(r.timestamps().get(best))) {
        best = i;
      }
    }
    return Optional.of(r.values().get(best));
  }

  private static void store(
      List<Entry> call, String id, double v, Map<Subscription, Map<Integer, Double>> values) {
    int i;
    try {
      i = Integer.parseInt(id.substring(1));
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      return; // not an id of ours
    }
    if (i >= 0 && i < call.size()) {
      Entry e = call.get(i);
      values.computeIfAbsent(e.sub(), s -> new HashMap<>()).put(e.index(), v);
    }
  }

  private MetricDataQuery query(String id, MetricQuery q) {
    Metric metric =
        Metric.builder()
            .namespace(q.namespace())
            .metricName(q.metric())
            .dimensions(Dimension.builder().name(q.dimension()).value(q.identifier()).build())
            .build();
    return MetricDataQuery.builder()
        .id(id)
        .returnData(true)
        .metricStat(
            MetricStat.builder()
                .metric(metric)
                .period((int) key.period().toSeconds())
                .stat(q.statistic())
                .build())
        .build();
  }

  private void report(String error) {
    if (!error.equals(lastError)) {
      if (error.isEmpty()) {
        log.info("CloudWatch {} answers again", key.region());
      } else {
        log.warn("CloudWatch {}: {}", key.region(), error);
      }
      lastError = error;
    }
  }

  @Override
  public void close() {
    synchronized (timer) {
      closed = true;
      if (next != null) {
        next.cancel(false);
      }
    }
    clients.close();
  }
}
