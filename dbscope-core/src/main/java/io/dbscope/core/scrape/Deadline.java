package io.dbscope.core.scrape;

import java.time.Duration;

/**
 * The one point in time by which a scrape must answer. It flows through the whole scrape: every
 * query's timeout is the smaller of its own and what is left here.
 */
public record Deadline(long nanoTime) {

  public static Deadline in(Duration d) {
    return new Deadline(System.nanoTime() + d.toNanos());
  }

  public Duration remaining() {
    long left = nanoTime - System.nanoTime();
    return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
  }

  public boolean passed() {
    return System.nanoTime() - nanoTime >= 0;
  }

  /**
   * Whether the deadline has passed or is less than 5 ms away: a wait timed to end at it may end a
   * little early, its timeout rounded down to whole milliseconds.
   */
  public boolean nearlyPassed() {
    return nanoTime - System.nanoTime() < 5_000_000L;
  }

  /** The smaller of {@code limit} and what is left. */
  public Duration cap(Duration limit) {
    Duration left = remaining();
    return limit.compareTo(left) < 0 ? limit : left;
  }
}
