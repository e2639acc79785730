package io.dbscope.engine.cloudwatch;

import java.time.Duration;
import java.time.Instant;

/**
 * The time range of one GetMetricData call: it ends on a multiple of the period at least {@code
 * delay} before now (CloudWatch publishes late, and an aligned window gives whole periods, the same
 * datapoints whoever asks), and spans {@link #PERIODS} periods, of which the newest datapoint is
 * served. AWS bills per metric requested, not per datapoint, so the extra periods cost nothing and
 * bridge a datapoint that comes later than the delay.
 */
record Window(Instant start, Instant end) {
  static final int PERIODS = 3;

  static Window at(Instant now, Duration period, Duration delay) {
    long p = period.toSeconds();
    long end = Math.floorDiv(now.minus(delay).getEpochSecond(), p) * p;
    return new Window(Instant.ofEpochSecond(end - PERIODS * p), Instant.ofEpochSecond(end));
  }

  /** When the next window is complete: one period after this one's end, plus the delay. */
  Instant nextPoll(Duration period, Duration delay) {
    return end.plus(period).plus(delay);
  }
}
