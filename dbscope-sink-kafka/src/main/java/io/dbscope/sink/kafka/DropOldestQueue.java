package io.dbscope.sink.kafka;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded FIFO whose {@link #offer} never waits: when full it drops the oldest element, so that
 * the producers (collection threads) are never held up by a slow consumer and the newest records,
 * the ones an operator looks at, survive an outage. Thread-safe.
 *
 * <pre>{@code
 * DropOldestQueue<String> q = new DropOldestQueue<>(2);
 * q.offer("a"); q.offer("b"); q.offer("c"); // returns true: "a" was dropped
 * q.poll(1, TimeUnit.SECONDS);              // "b"
 * }</pre>
 */
final class DropOldestQueue<T> {
  private final int capacity;
  private final ArrayDeque<T> items;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();

  DropOldestQueue(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
    }
    this.capacity = capacity;
    this.items = new ArrayDeque<>(Math.min(capacity, 1024));
  }

  /**
   * Appends {@code item}.
   *
   * @return whether the oldest element was dropped to make room
   */
  boolean offer(T item) {
    lock.lock();
    try {
      boolean dropped = false;
      if (items.size() >= capacity) {
        items.pollFirst();
        dropped = true;
      }
      items.addLast(item);
      notEmpty.signal();
      return dropped;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Puts back an element taken by {@link #poll} that could not be handled yet, so that it stays the
   * oldest; when the queue filled up in the meantime it is the one dropped.
   *
   * @return whether it was dropped
   */
  boolean putBack(T item) {
    lock.lock();
    try {
      if (items.size() >= capacity) {
        return true;
      }
      items.addFirst(item);
      notEmpty.signal();
      return false;
    } finally {
      lock.unlock();
    }
  }

  /** The oldest element, waiting up to {@code timeout} for one; null when none came. */
  T poll(long timeout, TimeUnit unit) throws InterruptedException {
    long nanos = unit.toNanos(timeout);
    lock.lockInterruptibly();
    try {
      while (items.isEmpty()) {
        if (nanos <= 0) {
          return null;
        }
        nanos = notEmpty.awaitNanos(nanos);
      }
      return items.pollFirst();
    } finally {
      lock.unlock();
    }
  }

  int size() {
    lock.lock();
    try {
      return items.size();
    } finally {
      lock.unlock();
    }
  }
}
