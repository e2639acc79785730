package io.dbscope.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Real threads blocked on real locks, read as RuntimeSamples reads them (no stack, no safepoint).
 */
class WaitCyclesTest {
  private final ThreadMXBean mx = ManagementFactory.getThreadMXBean();

  @Test
  void aChainOfWaitingThreadsIsNoCycle() throws Exception {
    ReentrantLock lock = new ReentrantLock();
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch held = new CountDownLatch(1);
    Thread owner =
        Thread.ofPlatform()
            .daemon()
            .start(
                () -> {
                  lock.lock();
                  try {
                    held.countDown();
                    release.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  } finally {
                    lock.unlock();
                  }
                });
    held.await();
    Thread waiter = Thread.ofPlatform().daemon().start(() -> withLock(lock));
    try {
      ThreadInfo[] infos = snapshotWhen(i -> waitsFor(i, waiter, owner));
      assertThat(WaitCycles.any(infos)).isFalse();
    } finally {
      release.countDown();
      owner.join(10_000);
      waiter.join(10_000);
    }
  }

  @Test
  void twoThreadsWaitingForEachOtherAreACycle() throws Exception {
    ReentrantLock first = new ReentrantLock();
    ReentrantLock second = new ReentrantLock();
    CountDownLatch bothHeld = new CountDownLatch(2);
    Thread a =
        Thread.ofPlatform()
            .daemon()
            .start(() -> RuntimeSamplesTest.crossLock(first, second, bothHeld));
    Thread b =
        Thread.ofPlatform()
            .daemon()
            .start(() -> RuntimeSamplesTest.crossLock(second, first, bothHeld));
    try {
      ThreadInfo[] infos = snapshotWhen(i -> waitsFor(i, a, b) && waitsFor(i, b, a));
      assertThat(WaitCycles.any(infos)).isTrue();
    } finally {
      a.interrupt();
      b.interrupt();
      a.join(10_000);
      b.join(10_000);
    }
  }

  private ThreadInfo[] snapshotWhen(Predicate<ThreadInfo[]> ready) throws InterruptedException {
    long until = System.nanoTime() + 10_000_000_000L;
    ThreadInfo[] infos = mx.getThreadInfo(mx.getAllThreadIds(), 0);
    while (!ready.test(infos) && System.nanoTime() - until < 0) {
      Thread.sleep(10);
      infos = mx.getThreadInfo(mx.getAllThreadIds(), 0);
    }
    assertThat(ready.test(infos)).as("threads blocked as arranged").isTrue();
    return infos;
  }

  private static boolean waitsFor(ThreadInfo[] infos, Thread waiter, Thread owner) {
    for (ThreadInfo i : infos) {
      if (i != null && i.getThreadId() == waiter.threadId()) {
        return i.getLockOwnerId() == owner.threadId();
      }
    }
    return false;
  }

  private static void withLock(ReentrantLock lock) {
    lock.lock();
    lock.unlock();
  }
}
