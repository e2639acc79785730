package io.dbscope.core.scrape;

import io.dbscope.core.config.CollectStrategy;
import io.dbscope.core.metrics.Exposition;
import io.dbscope.core.metrics.MetricType;
import io.dbscope.core.metrics.SampleBatch;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one scrape: collects the chosen datasources concurrently, each on a virtual thread,
 * and merges what finished by the deadline with the process metrics.
 *
 * <p>A datasource that has not finished when the deadline passes is left out of this answer
 * except for its {@code dbscope_datasource_timeout} marker; its own queries carry the same
 * deadline as their timeout and stop on the server by themselves.
 */
public final class Scraper {
  private static final Logger log = LoggerFactory.getLogger(Scraper.class);
  /** Time granted after the deadline for merging and writing the answer. */
  private static final Duration GRACE = Duration.ofMillis(50);

  private final ExecutorService executor;
  private final PrometheusRegistry processMetrics;
  private final SampleBatch staticSamples;

  /**
   * @param executor runs one task per datasource; a virtual-thread-per-task executor
   * @param processMetrics JVM and process metrics, added to {@code /metrics} answers
   * @param staticSamples samples that never change (build info)
   */
  public Scraper(
      ExecutorService executor, PrometheusRegistry processMetrics, SampleBatch staticSamples) {
    this.executor = executor;
    this.processMetrics = processMetrics;
    this.staticSamples = staticSamples;
  }

  /**
   * @param datasources which datasources to collect (all for {@code /metrics}, one for {@code
   *     /probe})
   * @param includeProcess whether to add JVM/process metrics (not for {@code /probe})
   */
  public Exposition scrape(
      List<MonitoredDatasource> datasources,
      Deadline deadline,
      CollectStrategy strategy,
      boolean includeProcess) {
    long start = System.nanoTime();
    List<MonitoredDatasource> ordered = new ArrayList<>(datasources);
    ordered.sort(Comparator.comparingInt(d -> d.config().priority().level()));
    List<Future<SampleBatch>> futures = new ArrayList<>(ordered.size());
    if (strategy == CollectStrategy.SERIAL) {
      futures.add(executor.submit(() -> serial(ordered, deadline)));
    } else {
      for (MonitoredDatasource d : ordered) {
        futures.add(executor.submit(() -> d.collect(deadline)));
      }
    }
    Exposition.Builder out = Exposition.builder();
    int timedOut = 0;
    for (int i = 0; i < futures.size(); i++) {
      Future<SampleBatch> f = futures.get(i);
      try {
        out.add(f.get(deadline.remaining().plus(GRACE).toNanos(), TimeUnit.NANOSECONDS));
      } catch (TimeoutException e) {
        timedOut++;
        SampleBatch marker = new SampleBatch();
        if (strategy != CollectStrategy.SERIAL) {
          MonitoredDatasource d = ordered.get(i);
          marker.add(
              "dbscope_datasource_timeout",
              MetricType.GAUGE,
              "1 when the datasource did not finish before the scrape deadline.",
              d.labels(),
              1);
          marker.add(d.engine().upMetric(), MetricType.GAUGE, d.engine().upHelp(), d.labels(), 0);
        }
        out.add(marker);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (Exception e) {
        log.error("collection failed unexpectedly: {}", MonitoredDatasource.message(e));
      }
    }
    if (timedOut > 0) {
      log.warn("{} datasource(s) did not finish before the scrape deadline", timedOut);
    }
    SampleBatch self = new SampleBatch();
    self.addAll(staticSamples);
    self.add(
        "dbscope_scrape_duration_seconds",
        MetricType.GAUGE,
        "Time this scrape took to collect, up to writing the answer.",
        io.prometheus.metrics.model.snapshots.Labels.EMPTY,
        (System.nanoTime() - start) / 1e9);
    out.add(self);
    if (includeProcess) {
      out.add(processMetrics.scrape());
    }
    return out.build();
  }

  private static SampleBatch serial(List<MonitoredDatasource> ordered, Deadline deadline) {
    SampleBatch all = new SampleBatch();
    for (MonitoredDatasource d : ordered) {
      all.addAll(d.collect(deadline));
    }
    return all.seal();
  }
}
