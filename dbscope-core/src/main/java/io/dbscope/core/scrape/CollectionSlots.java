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
 * <p>A slot is a lease: a datasource that has held one for {@link #LEASE} is waiting on its
 * database, not using the cores, and no longer counts, so that hanging databases cannot hold back
 * the rest of the fleet for longer than that.
 */
final class CollectionSlots {
  static final Duration LEASE = Duration.ofSeconds(1);

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

    private Slot(long since) {
      this.since = since;
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
          Slot s = new Slot(now);
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
        freed.awaitNanos(Math.min(left, held.peekFirst().since + leaseNanos - now));
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
    while (!held.isEmpty() && now - held.peekFirst().since >= leaseNanos) {
      held.removeFirst();
    }
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
