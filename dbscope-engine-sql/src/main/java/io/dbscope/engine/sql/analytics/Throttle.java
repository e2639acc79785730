package io.dbscope.engine.sql.analytics;

import java.time.Duration;

/**
 * Runs an expensive read at most once per interval. A read is due when none succeeded yet or the
 * last one is at least {@code interval} old; a failed read is not recorded, so the next scrape
 * retries at once.
 */
public final class Throttle {
  private final long intervalMillis;
  private boolean ran;
  private long lastMillis;

  public Throttle(Duration interval) {
    this.intervalMillis = interval.toMillis();
  }

  public boolean due(long nowMillis) {
    return !ran || nowMillis - lastMillis >= intervalMillis || nowMillis < lastMillis;
  }

  public void ran(long nowMillis) {
    ran = true;
    lastMillis = nowMillis;
  }
}
