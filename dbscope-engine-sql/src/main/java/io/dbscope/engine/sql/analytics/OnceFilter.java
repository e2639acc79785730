package io.dbscope.engine.sql.analytics;

import java.util.HashMap;
import java.util.Map;

/**
 * Remembers which slow statements or long transactions were already reported, so that each is
 * emitted once however many scrapes see it. One is identified by its session and its start; a start
 * may jitter by {@code tolerance} seconds between polls (MySQL derives it from whole-second ages).
 * Only what the latest poll saw is kept, so memory is bounded by the number of sessions.
 *
 * <pre>{@code
 * once.begin();
 * for (var s : slow) if (!once.seen(s.sessionId(), s.queryStart())) emitAndMark(s);
 * once.end();
 * }</pre>
 */
public final class OnceFilter {
  private final double tolerance;
  private Map<String, Double> reported = new HashMap<>();
  private Map<String, Double> current = new HashMap<>();

  public OnceFilter(double toleranceSeconds) {
    this.tolerance = toleranceSeconds;
  }

  /** Starts a poll. */
  public void begin() {
    current = new HashMap<>();
  }

  /**
   * Whether this statement or transaction was reported before; if so it stays remembered for the
   * next poll.
   */
  public boolean seen(String session, double start) {
    Double before = reported.get(session);
    if (before != null && Math.abs(before - start) <= tolerance) {
      current.put(session, before);
      return true;
    }
    return false;
  }

  /** Records that it was reported now. */
  public void mark(String session, double start) {
    current.put(session, start);
  }

  /** Ends a poll: forgets what this poll did not see. */
  public void end() {
    reported = current;
  }

  int size() {
    return reported.size();
  }
}
