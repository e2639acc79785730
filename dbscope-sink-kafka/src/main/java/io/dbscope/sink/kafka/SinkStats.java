package io.dbscope.sink.kafka;

import io.dbscope.core.metrics.SampleBatch;
import io.dbscope.core.metrics.SelfMetric;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * The event sink's self-metrics: records sent, dropped and failed, queue depth, and the send
 * latency as a histogram (buckets 5 ms to 10 s). Thread-safe; counters only grow.
 */
final class SinkStats {
  static final double[] BOUNDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

  private final Labels labels;
  private final IntSupplier depth;
  private final LongAdder sent = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder[] buckets = new LongAdder[BOUNDS.length + 1];
  private final LongAdder latencyNanos = new LongAdder();

  SinkStats(String sink, IntSupplier depth) {
    this.labels = Labels.of("sink", sink);
    this.depth = depth;
    for (int i = 0; i < buckets.length; i++) {
      buckets[i] = new LongAdder();
    }
  }

  void sent(long nanos) {
    sent.increment();
    latencyNanos.add(nanos);
    double s = nanos / 1e9;
    int i = 0;
    while (i < BOUNDS.length && s > BOUNDS[i]) {
      i++;
    }
    buckets[i].increment();
  }

  void dropped() {
    dropped.increment();
  }

  void failed() {
    failed.increment();
  }

  long sentCount() {
    return sent.sum();
  }

  long droppedCount() {
    return dropped.sum();
  }

  long failedCount() {
    return failed.sum();
  }

  void export(SampleBatch out) {
    SelfMetric.EVENTS_SENT.add(out, labels, sent.sum());
    SelfMetric.EVENTS_DROPPED.add(out, labels, dropped.sum());
    SelfMetric.EVENTS_FAILED.add(out, labels, failed.sum());
    SelfMetric.EVENT_QUEUE_DEPTH.add(out, labels, depth.getAsInt());
    SelfMetric h = SelfMetric.EVENT_SEND_DURATION;
    long cumulative = 0;
    for (int i = 0; i < buckets.length; i++) {
      cumulative += buckets[i].sum();
      String le = i == BOUNDS.length ? "+Inf" : le(BOUNDS[i]);
      out.add(h.name(), "_bucket", h.type(), h.help(), labels.add("le", le), cumulative);
    }
    out.add(h.name(), "_sum", h.type(), h.help(), labels, latencyNanos.sum() / 1e9);
    out.add(h.name(), "_count", h.type(), h.help(), labels, cumulative);
  }

  /** As Go writes bucket bounds: {@code 1}, not {@code 1.0}. */
  private static String le(double bound) {
    return bound == Math.rint(bound) ? Long.toString((long) bound) : Double.toString(bound);
  }
}
