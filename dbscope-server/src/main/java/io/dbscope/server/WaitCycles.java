package io.dbscope.server;

import java.lang.management.ThreadInfo;
import java.util.HashMap;
import java.util.Map;

/** Cycles in which each thread waits for a lock that the next one owns, in a thread snapshot. */
final class WaitCycles {
  private WaitCycles() {}

  /**
   * Whether the owners of the locks the threads wait for lead, from some thread, back in a ring.
   */
  static boolean any(ThreadInfo[] threads) {
    Map<Long, Long> waitsFor = new HashMap<>();
    for (ThreadInfo t : threads) {
      if (t != null && t.getLockOwnerId() >= 0) {
        waitsFor.put(t.getThreadId(), t.getLockOwnerId());
      }
    }
    // Each thread waits for at most one other, so a walk that has not ended after as many steps
    // as there are waiting threads has come round a ring.
    for (Long start : waitsFor.keySet()) {
      Long at = start;
      for (int step = 0; step <= waitsFor.size() && at != null; step++) {
        at = waitsFor.get(at);
      }
      if (at != null) {
        return true;
      }
    }
    return false;
  }
}
