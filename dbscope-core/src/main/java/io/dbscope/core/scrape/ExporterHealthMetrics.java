package io.dbscope.core.scrape;

import io.dbscope.core.engine.ExporterHealth;
import io.dbscope.core.engine.ExporterHealth.Family;
import io.dbscope.core.metrics.SampleBatch;
import io.dbscope.core.metrics.SelfMetric;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Emits a datasource's community-exporter health families ({@link ExporterHealth}) from what each
 * collection did, so that alert rules written for the exporter ("exporter errors", "collector
 * failed") fire on dbscope as they did on it. One instance per datasource: its scrape counter lives
 * as long as the datasource does, as dbscope's own counters do.
 */
final class ExporterHealthMetrics {
  static final String CIRCUIT_OPEN = "skipped: circuit open";
  static final String TIMED_OUT = "scrape deadline passed";

  private final ExporterHealth spec;
  private final Labels labels;
  private final LongAdder scrapes = new LongAdder();
  private final DoubleAdder seconds = new DoubleAdder();

  ExporterHealthMetrics(ExporterHealth spec, Labels labels) {
    this.spec = spec;
    this.labels = labels;
  }

  /** The error value of a scrape that could not connect: the kind, never the message. */
  static String cannotConnect(ErrorKind kind) {
    return "cannot connect: " + kind.label();
  }

  /** The error value of a scrape in which {@code collector} was the first to fail. */
  static String collectorFailed(String collector) {
    return "collector failed: " + collector;
  }

  /**
   * One finished collection of the datasource.
   *
   * @param seconds what the collection took
   * @param connectSeconds what connecting took (also when it failed); NaN when not attempted
   * @param error what went wrong, bounded (see {@link #cannotConnect}, {@link #collectorFailed});
   *     empty when nothing did
   * @param outcomes the collectors' runs; null when the scrape did not connect
   */
  void scraped(
      SampleBatch batch,
      double seconds,
      double connectSeconds,
      String error,
      DatasourceHealth.Outcomes outcomes) {
    if (spec.families().isEmpty()) {
      return;
    }
    scrapes.increment();
    this.seconds.add(seconds);
    Map<String, double[]> byCollector = outcomes == null ? Map.of() : perCollector(outcomes);
    for (Family f : spec.families()) {
      switch (f.measure()) {
        case SCRAPES -> add(batch, f, labels, scrapes.sum());
        case LAST_ERROR -> lastError(batch, f, error);
        case LAST_DURATION -> add(batch, f, labels, seconds);
        case CONNECT_DURATION -> {
          if (!Double.isNaN(connectSeconds)) {
            add(batch, f, labels, connectSeconds);
          }
        }
        case COLLECTOR_SUCCESS ->
            byCollector.forEach((name, r) -> add(batch, f, collector(name), r[0]));
        case COLLECTOR_DURATION -> {
          if (outcomes != null && !spec.connectCollector().isEmpty()) {
            add(batch, f, collector(spec.connectCollector()), connectSeconds);
          }
          byCollector.forEach((name, r) -> add(batch, f, collector(name), r[1]));
        }
        case DURATION_SUMMARY -> summary(batch, f);
      }
    }
  }

  /**
   * What a scrape answers when the collection did not finish in time: the counter as it stands (the
   * collection counts itself when it ends) and the error; no durations, which are not known yet.
   */
  void timedOut(SampleBatch batch) {
    for (Family f : spec.families()) {
      switch (f.measure()) {
        case SCRAPES -> add(batch, f, labels, scrapes.sum());
        case LAST_ERROR -> lastError(batch, f, TIMED_OUT);
        case DURATION_SUMMARY -> summary(batch, f);
        default -> {}
      }
    }
  }

  /**
   * The exporter's collectors in the order they first ran: [1 when every collector mapped to it
   * succeeded, their summed seconds].
   */
  private Map<String, double[]> perCollector(DatasourceHealth.Outcomes outcomes) {
    Map<String, double[]> out = new LinkedHashMap<>();
    for (DatasourceHealth.Outcomes.Result r : outcomes.results()) {
      String name = spec.collectors().get(r.collector());
      if (name != null) {
        double[] acc = out.computeIfAbsent(name, n -> new double[] {1, 0});
        acc[0] = r.ok() ? acc[0] : 0;
        acc[1] += r.seconds();
      }
    }
    return out;
  }

  private void summary(SampleBatch batch, Family f) {
    batch.add(f.name(), "_count", f.type(), f.help(), labels, scrapes.sum());
    batch.add(f.name(), "_sum", f.type(), f.help(), labels, seconds.sum());
  }

  private void lastError(SampleBatch batch, Family f, String error) {
    Labels l = f.errorLabel().isEmpty() ? labels : SelfMetric.with(labels, f.errorLabel(), error);
    add(batch, f, l, error.isEmpty() ? 0 : 1);
  }

  private Labels collector(String name) {
    return SelfMetric.with(labels, "collector", name);
  }

  private static void add(SampleBatch batch, Family f, Labels l, double value) {
    batch.add(f.name(), f.type(), f.help(), l, value);
  }
}
