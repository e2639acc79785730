package io.dbscope.core.scrape;

import io.dbscope.core.config.CollectStrategy;
import io.dbscope.core.engine.Engine;
import io.dbscope.core.engine.Meanwhile;
import io.dbscope.core.metrics.Exposition;
import io.dbscope.core.metrics.OrderMemo;
import io.dbscope.core.metrics.SampleBatch;
import io.dbscope.core.metrics.SelfMetric;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one scrape: collects the chosen datasources on its executor's threads according to the
 * strategy, and merges what finished by the deadline with the process metrics.
 *
 * <ul>
 *   <li>{@code serial}: one datasource after the other, priority 1 first; the ones the deadline
 *       does not reach are reported as timed out.
 *   <li>{@code concurrent}: every datasource at once.
 *   <li>{@code hybrid} (default): one group per priority; groups start in priority order, at most
 *       {@code maxConcurrentGroups} at a time, the datasources of a group concurrently; a group
 *       gets at most {@code groupTimeout} of the deadline.
 * </ul>
 *
 * <p>In {@code concurrent} and {@code hybrid}, at most {@code maxConcurrentCollections} datasources
 * are collected at the same time ({@link CollectionSlots}).
 *
 * <p>A datasource that has not finished when the deadline passes is answered with {@code
 * <engine>_up 0} and {@code dbscope_datasource_timeout 1}; its queries carry the same deadline as
 * their timeout and stop on the server by themselves, returning their connections.
 */
public final class Scraper {
  private static final Logger log = LoggerFactory.getLogger(Scraper.class);

  /** Time granted after the deadline for merging and writing the answer. */
  private static final Duration GRACE = Duration.ofMillis(20);

  private final ExecutorService executor;
  private final PrometheusRegistry processMetrics;
  private final Supplier<SampleBatch> runtimeSamples;
  private final Function<Collection<Engine>, SampleBatch> processSamples;

  /** The order of the last answer's families, for the next answer's (see Exposition.Builder). */
  private final OrderMemo answerOrder = new OrderMemo();

  /**
   * @param executor runs one task per datasource; a virtual-thread-per-task executor
   * @param processMetrics snapshots from a client_java registry (GC summary, runtime info, native
   *     memory), added to {@code /metrics} answers
   * @param runtimeSamples the JVM and process gauges and counters, added to {@code /metrics}
   *     answers
   * @param processSamples dbscope's process-level samples (build info, reload state) and the
   *     community exporters' own (see {@link ExporterProcessSamples}) for the engines of the
   *     datasources scraped, asked for once per scrape
   */
  public Scraper(
      ExecutorService executor,
      PrometheusRegistry processMetrics,
      Supplier<SampleBatch> runtimeSamples,
      Function<Collection<Engine>, SampleBatch> processSamples) {
    this.executor = executor;
    this.processMetrics = processMetrics;
    this.runtimeSamples = runtimeSamples;
    this.processSamples = processSamples;
  }

  /**
   * How to walk the datasources.
   *
   * @param maxConcurrentCollections datasources collected at the same time ({@link
   *     CollectionSlots})
   */
  public record Plan(
      CollectStrategy strategy,
      int maxConcurrentGroups,
      Duration groupTimeout,
      int maxConcurrentCollections) {
    public static final int DEFAULT_CONCURRENT_COLLECTIONS = 128;

    public Plan(CollectStrategy strategy, int maxConcurrentGroups, Duration groupTimeout) {
      this(strategy, maxConcurrentGroups, groupTimeout, DEFAULT_CONCURRENT_COLLECTIONS);
    }

    public static Plan concurrent() {
      return new Plan(CollectStrategy.CONCURRENT, Integer.MAX_VALUE, Duration.ofDays(1));
    }
  }

  /**
   * @param datasources which datasources to collect (all for {@code /metrics}, one for {@code
   *     /probe})
   * @param includeProcess whether to add JVM/process metrics (not for {@code /probe})
   */
  public Exposition scrape(
      List<MonitoredDatasource> datasources, Deadline deadline, Plan plan, boolean includeProcess) {
    long start = System.nanoTime();
    List<MonitoredDatasource> order = new ArrayList<>();
    List<Future<SampleBatch>> futures = new ArrayList<>();
    CollectionSlots slots = new CollectionSlots(Math.max(1, plan.maxConcurrentCollections()));
    // One datasource whose waits all end by themselves is collected on this thread, below.
    MonitoredDatasource alone =
        datasources.size() == 1 && datasources.get(0).boundsItsWaits() ? datasources.get(0) : null;
    if (alone != null) {
      order.add(alone);
    } else {
      launch(plan, datasources, order, futures, slots, deadline);
    }
    // The scrape's own figures are read while the collections run: a datasource's collection has
    // often finished by then, so that this thread does not park to wait for it. The lone datasource
    // collected here reads them while its server works, when its engine sends its requests before
    // it reads the replies (a Redis pipeline), and after its collection otherwise.
    OwnFigures own = new OwnFigures(datasources, includeProcess);
    Meanwhile meanwhile = alone != null ? new Meanwhile(own) : Meanwhile.NONE;
    if (alone == null) {
      own.run();
    }
    Exposition.Builder out = Exposition.builder();
    int timedOut = 0;
    if (alone != null) {
      SampleBatch b =
          collectHere(
              alone,
              slots,
              plan.strategy() == CollectStrategy.HYBRID
                  ? Deadline.in(deadline.cap(plan.groupTimeout()))
                  : deadline,
              deadline,
              meanwhile);
      meanwhile.finish();
      if (b == null) {
        timedOut++;
        b = alone.timedOut();
      }
      out.add(b);
    }
    for (int i = 0; i < futures.size(); i++) {
      try {
        out.add(
            futures.get(i).get(deadline.remaining().plus(GRACE).toNanos(), TimeUnit.NANOSECONDS));
      } catch (TimeoutException e) {
        timedOut++;
        out.add(order.get(i).timedOut());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (Exception e) {
        log.error("collection failed unexpectedly: {}", FailureText.message(e));
        out.add(order.get(i).timedOut());
      }
    }
    int starved = slots.starved();
    if (timedOut > 0 || starved > 0) {
      log.warn(
          "{} datasource(s) did not finish before the scrape deadline{}",
          timedOut + starved,
          starved > 0
              ? " (" + starved + " of them found no free collection slot: maxConcurrentCollections)"
              : "");
    }
    SelfMetric.SCRAPE_DURATION.add(own.self, Labels.EMPTY, (System.nanoTime() - start) / 1e9);
    out.add(own.self);
    if (includeProcess) {
      out.add(own.runtime);
      out.add(own.process);
    }
    return out.build(answerOrder);
  }

  /**
   * What a scrape adds of its own: dbscope's and the community exporters' process samples for the
   * engines scraped and, for {@code /metrics}, the JVM's and the process's figures.
   */
  private final class OwnFigures implements Runnable {
    private final List<MonitoredDatasource> datasources;
    private final boolean includeProcess;
    final SampleBatch self = new SampleBatch();
    SampleBatch runtime;
    MetricSnapshots process;

    OwnFigures(List<MonitoredDatasource> datasources, boolean includeProcess) {
      this.datasources = datasources;
      this.includeProcess = includeProcess;
    }

    @Override
    public void run() {
      self.addAll(
          processSamples.apply(
              datasources.stream().map(MonitoredDatasource::engine).distinct().toList()));
      if (includeProcess) {
        runtime = runtimeSamples.get();
        process = processMetrics.scrape();
      }
    }
  }

  /**
   * Starts the collections the strategy of {@code plan} makes, grouped by priority, in {@code
   * order}, a future each.
   */
  private void launch(
      Plan plan,
      List<MonitoredDatasource> datasources,
      List<MonitoredDatasource> order,
      List<Future<SampleBatch>> futures,
      CollectionSlots slots,
      Deadline deadline) {
    Map<Integer, List<MonitoredDatasource>> groups = new TreeMap<>();
    for (MonitoredDatasource d : datasources) {
      groups.computeIfAbsent(d.config().priority().level(), k -> new ArrayList<>()).add(d);
    }
    switch (plan.strategy()) {
      case SERIAL -> {
        groups.values().forEach(order::addAll);
        futures.addAll(serial(order, slots, deadline));
      }
      case CONCURRENT -> {
        groups.values().forEach(order::addAll);
        futures.addAll(concurrent(order, slots, deadline));
      }
      case HYBRID -> {
        if (groups.size() == 1) {
          // One priority, the usual case: its group would take a free group slot at once, so its
          // datasources start from here, under the group's deadline. A task to start them was one
          // more virtual thread and two more thread handoffs in every scrape.
          groups.values().forEach(order::addAll);
          futures.addAll(concurrent(order, slots, Deadline.in(deadline.cap(plan.groupTimeout()))));
        } else {
          Semaphore groupSlots = new Semaphore(Math.max(1, plan.maxConcurrentGroups()));
          for (List<MonitoredDatasource> group : groups.values()) {
            order.addAll(group);
            futures.addAll(group(group, groupSlots, slots, deadline, plan.groupTimeout()));
          }
        }
      }
    }
  }

  /**
   * Collects {@code d} on this thread, which its waits cannot hold past {@code own} ({@link
   * MonitoredDatasource#boundsItsWaits}); null when it ended too late for the answer, as a future
   * not done by then would have been.
   */
  private static SampleBatch collectHere(
      MonitoredDatasource d,
      CollectionSlots slots,
      Deadline own,
      Deadline deadline,
      Meanwhile meanwhile) {
    SampleBatch b;
    try {
      b = collect(d, slots, own, meanwhile);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
    return deadline.remaining().plus(GRACE).isNegative() ? null : b;
  }

  /** Concurrent: a task per datasource. */
  private List<Future<SampleBatch>> concurrent(
      List<MonitoredDatasource> order, CollectionSlots slots, Deadline deadline) {
    List<Future<SampleBatch>> out = new ArrayList<>(order.size());
    for (MonitoredDatasource d : order) {
      out.add(executor.submit(() -> collect(d, slots, deadline)));
    }
    return out;
  }

  /** Serial: one task walks the list; each datasource gets its own future to report into. */
  private List<Future<SampleBatch>> serial(
      List<MonitoredDatasource> order, CollectionSlots slots, Deadline deadline) {
    List<java.util.concurrent.CompletableFuture<SampleBatch>> results = new ArrayList<>();
    for (int i = 0; i < order.size(); i++) {
      results.add(new java.util.concurrent.CompletableFuture<>());
    }
    executor.submit(
        () -> {
          for (int i = 0; i < order.size(); i++) {
            if (deadline.passed()) {
              break;
            }
            complete(results.get(i), order.get(i), slots, deadline);
          }
        });
    return new ArrayList<>(results);
  }

  /** Completes {@code r} whatever happens, so that no scrape waits on a future nobody completes. */
  private static void complete(
      java.util.concurrent.CompletableFuture<SampleBatch> r,
      MonitoredDatasource d,
      CollectionSlots slots,
      Deadline deadline) {
    try {
      r.complete(collect(d, slots, deadline));
    } catch (Throwable t) {
      r.completeExceptionally(t);
    }
  }

  /** Collects {@code d} in a slot; timed out when no slot came free before the deadline. */
  private static SampleBatch collect(
      MonitoredDatasource d, CollectionSlots slots, Deadline deadline) throws InterruptedException {
    return collect(d, slots, deadline, Meanwhile.NONE);
  }

  private static SampleBatch collect(
      MonitoredDatasource d, CollectionSlots slots, Deadline deadline, Meanwhile meanwhile)
      throws InterruptedException {
    Optional<CollectionSlots.Slot> slot = slots.take(deadline);
    if (slot.isEmpty()) {
      return d.timedOut();
    }
    try {
      return d.collect(deadline, meanwhile);
    } finally {
      slot.get().close();
    }
  }

  /** A priority group: waits for a group slot, then runs its datasources concurrently. */
  private List<Future<SampleBatch>> group(
      List<MonitoredDatasource> group,
      Semaphore groupSlots,
      CollectionSlots slots,
      Deadline deadline,
      Duration groupTimeout) {
    List<java.util.concurrent.CompletableFuture<SampleBatch>> results = new ArrayList<>();
    for (int i = 0; i < group.size(); i++) {
      results.add(new java.util.concurrent.CompletableFuture<>());
    }
    executor.submit(
        () -> {
          try {
            if (!groupSlots.tryAcquire(deadline.remaining().toNanos(), TimeUnit.NANOSECONDS)) {
              return;
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
          try {
            Deadline own = Deadline.in(deadline.cap(groupTimeout));
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < group.size(); i++) {
              MonitoredDatasource d = group.get(i);
              var r = results.get(i);
              running.add(executor.submit(() -> complete(r, d, slots, own)));
            }
            for (Future<?> f : running) {
              try {
                f.get(own.remaining().plus(GRACE).toNanos(), TimeUnit.NANOSECONDS);
              } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
                // Reported by the caller as a timed-out datasource.
              }
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } finally {
            groupSlots.release();
          }
        });
    return new ArrayList<>(results);
  }
}
