package io.dbscope.server.security;

import java.util.function.LongSupplier;

/**
 * {@code rate_limit} as Go's {@code rate.NewLimiter(rate.Every(interval), burst)}: a bucket of
 * {@code burst} tokens, one added per {@code interval}; a request without a token gets 429.
 */
final class TokenBucket {
  private final long intervalNanos;
  private final int burst;
  private final LongSupplier nanoClock;
  private double tokens;
  private long last;

  TokenBucket(WebConfig.RateLimit limit, LongSupplier nanoClock) {
    this.intervalNanos = Math.max(1, limit.interval().toNanos());
    this.burst = limit.burst();
    this.nanoClock = nanoClock;
    this.tokens = burst;
    this.last = nanoClock.getAsLong();
  }

  synchronized boolean tryAcquire() {
    long now = nanoClock.getAsLong();
    tokens = Math.min(burst, tokens + (double) (now - last) / intervalNanos);
    last = now;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
