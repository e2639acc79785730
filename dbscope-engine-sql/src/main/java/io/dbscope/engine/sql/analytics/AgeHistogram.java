package io.dbscope.engine.sql.analytics;

import io.dbscope.core.metrics.MetricType;
import io.dbscope.core.metrics.SampleBatch;
import io.prometheus.metrics.model.snapshots.Labels;

/**
 * The ages of what is running right now (statements, transactions) in fixed buckets: 1 s, 5 s, 10
 * s, 30 s, 1 min, 5 min, 10 min, 30 min, 1 h and +Inf.
 *
 * <p>It describes the present, not a history, so it is a gauge histogram ({@code # TYPE name
 * histogram} in the text format, {@code gaugehistogram} in OpenMetrics): {@code name_bucket{le}}
 * (cumulative, as {@code histogram_quantile()} expects), {@code name_sum} and {@code name_count}.
 * The {@code le} values are written as Go writes them ({@code "1"}, {@code "+Inf"}).
 */
public final class AgeHistogram {
  static final double[] BOUNDS = {1, 5, 10, 30, 60, 300, 600, 1800, 3600};

  private static final MetricType TYPE = MetricType.GAUGE_HISTOGRAM;

  private final long[] counts = new long[BOUNDS.length + 1];
  private double sum;
  private long count;

  public void observe(double seconds) {
    if (Double.isNaN(seconds)) {
      return;
    }
    double v = Math.max(0, seconds);
    int i = 0;
    while (i < BOUNDS.length && v > BOUNDS[i]) {
      i++;
    }
    counts[i]++;
    sum += v;
    count++;
  }

  public long count() {
    return count;
  }

  public void export(String name, String help, Labels labels, SampleBatch out) {
    long cumulative = 0;
    for (int i = 0; i <= BOUNDS.length; i++) {
      cumulative += counts[i];
      String le = i == BOUNDS.length ? "+Inf" : Long.toString((long) BOUNDS[i]);
      out.add(name, "_bucket", TYPE, help, labels.add("le", le), cumulative);
    }
    out.add(name, "_sum", TYPE, help, labels, sum);
    out.add(name, "_count", TYPE, help, labels, count);
  }
}
