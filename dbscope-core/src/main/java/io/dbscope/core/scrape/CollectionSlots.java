package io.dbscope.core.scrape;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How many datasources of one scrape are collected at once ({@code maxConcurrentCollections}).
 *
 * <p>Started all at once, a thousand datasources all hold their half-read answers and half-built
 * samples at the same time while the cores work through them one step each: the collector copies
 * that in-flight state at every young collection and promotes it into full ones (measured at 1,000
 * datasources on two cores: 53 full collections over a run against 15 to 22 with 16 to 128 slots,
 * and a fifth less CPU per scrape). In a slot, a datasource is finished, its batch compact, before
 * the next one starts.
 *
 * <p>A slot is a lease: a datasource that has held one for {@link #LEASE} and whose thread is
 * parked (waiting on its database, not using the cores) no longer counts, so that hanging databases
 * cannot hold back the rest of the fleet for longer than that. One whose thread is still runnable
 * keeps it: on a cold start every collection is slow for want of the cores, and lapsing theirs let
 * the whole fleet in at once, each datasource a step further at each turn and most unfinished at
 * the deadline (up 99 of 1,000 in one first scrape, docs/benchmarks.md, thirteenth round).
 */
final class CollectionSlots {
  static final Duration LEASE = Duration.ofSeconds(1);

  /**
   * How often a waiter looks again at slots past their lease whose threads still ran: often enough
   * to let the next datasource in soon after one starts waiting on its database, seldom enough that
   * a fleet's waiters do not spend the cores on it.
   */
  private static final long RECHECK_NANOS = Duration.ofMillis(200).toNanos();

  private final int limit;
  private final long leaseNanos;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition freed = lock.newCondition();
  private final ArrayDeque<Slot> held = new ArrayDeque<>(); // oldest first; guarded by lock
  private int starved; // guarded by lock

  CollectionSlots(int limit) {
    this(limit, LEASE);
  }

  CollectionSlots(int limit, Duration lease) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1: " + limit);
    }
    this.limit = limit;
    this.leaseNanos = lease.toNanos();
  }

  /** A slot; closing it gives it back (once; a lapsed lease was given back already). */
  final class Slot {
    private final long since;
    private final Thread holder;

    private Slot(long since, Thread holder) {
      this.since = since;
      this.holder = holder;
    }

    void close() {
      release(this);
    }
  }

  /** Waits for a slot; empty when the deadline passes first. */
  Optional<Slot> take(Deadline deadline) throws InterruptedException {
    lock.lock();
    try {
      while (true) {
        long now = System.nanoTime();
        lapse(now);
        if (held.size() < limit) {
          Slot s = new Slot(now, Thread.currentThread());
          held.addLast(s);
          if (held.size() < limit) {
            freed.signal(); // slots lapsed together: the next waiter need not wait for a release
          }
          return Optional.of(s);
        }
        long left = deadline.remaining().toNanos();
        if (left <= 0) {
          starved++;
          return Optional.empty();
        }
        freed.awaitNanos(Math.min(left, nextLapse(now)));
      }
    } finally {
      lock.unlock();
    }
  }

  /** How many {@link #take} calls came back empty. */
  int starved() {
    lock.lock();
    try {
      return starved;
    } finally {
      lock.unlock();
    }
  }

  /** Slots in use, lapsed leases not counted. */
  int inUse() {
    lock.lock();
    try {
      lapse(System.nanoTime());
      return held.size();
    } finally {
      lock.unlock();
    }
  }

  private void lapse(long now) {
    held.removeIf(s -> now - s.since >= leaseNanos && s.holder.getState() != Thread.State.RUNNABLE);
  }

  /** Nanoseconds until a held slot may lapse: its lease's end, or a recheck for one past it. */
  private long nextLapse(long now) {
    long next = Long.MAX_VALUE;
    for (Slot s : held) {
      long until = s.since + leaseNanos - now;
      next = Math.min(next, until > 0 ? until : RECHECK_NANOS);
    }
    return next;
  }

  private void release(Slot s) {
    lock.lock();
    try {
      if (held.remove(s)) {
        freed.signal();
      }
    } finally {
      lock.unlock();
    }
  }
}
