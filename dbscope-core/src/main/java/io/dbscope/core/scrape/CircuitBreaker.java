package io.dbscope.core.scrape;

import java.time.Duration;

/**
 * Skips a datasource whose connection keeps failing, so that a dead database costs a scrape nothing
 * instead of a connect timeout every time. After the n-th consecutive failure the circuit stays
 * open for {@code min(max, base × 2^(n-1))}; then one scrape tries again (half-open). The periodic
 * health check probes regardless and closes it as soon as the database answers.
 *
 * <p>Thread-safe; times are {@link System#nanoTime()} values.
 */
final class CircuitBreaker {
  private final long baseNanos;
  private final long maxNanos;
  private int failures;
  private long openUntil;

  CircuitBreaker(Duration base, Duration max) {
    this.baseNanos = base.toNanos();
    this.maxNanos = max.toNanos();
  }

  synchronized boolean isOpen(long now) {
    return failures > 0 && now - openUntil < 0;
  }

  synchronized void success() {
    failures = 0;
  }

  synchronized void failure(long now) {
    failures++;
    long backoff = baseNanos << Math.min(failures - 1, 20);
    openUntil = now + Math.min(maxNanos, backoff <= 0 ? maxNanos : backoff);
  }

  synchronized Duration remaining(long now) {
    return isOpen(now) ? Duration.ofNanos(openUntil - now) : Duration.ZERO;
  }

  synchronized int consecutiveFailures() {
    return failures;
  }
}
