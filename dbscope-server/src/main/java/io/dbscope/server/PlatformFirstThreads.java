package io.dbscope.server;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A thread per running task: a platform thread for each of the first {@code platformLimit} tasks
 * running at once, kept for the next task while it waits less than {@code keepAlive}, and a virtual
 * thread for each task beyond.
 *
 * <p>A scrape's thread waits on the network again and again: for the request, then for each of the
 * database's answers. A platform thread blocked in a read is woken by the kernel when the bytes
 * come; a virtual thread's read wakes the JDK's poller thread, then a carrier, and the task may go
 * on on yet another carrier. At Prometheus's pace every thread wakes after seconds of sleep, and
 * each wake-up costs more than the work it does (cold caches; in some virtual machines half a
 * millisecond and more): a Redis scrape ran 4 times on its connection's platform thread against 17
 * times on the carriers, the poller and the JDK server's dispatcher (bench/paced.sh). A platform
 * thread made per task cost what the wake-ups saved, so an idle one waits for the next task (in a
 * timed wait, which wakes nothing before it ends). The few connections of scrapers and console
 * users, and the collections of a small fleet, get platform threads; a flood of tasks runs on
 * virtual threads, since all running tasks are counted.
 */
public final class PlatformFirstThreads extends AbstractExecutorService {
  private final int platformLimit;
  private final ThreadPoolExecutor platform;
  private final ExecutorService virtual;
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger platformInUse = new AtomicInteger();

  /**
   * @param name the threads' name prefix (virtual ones get {@code v-} after it)
   * @param platformLimit up to how many tasks running at once (of any kind) a new one gets a
   *     platform thread
   * @param keepAlive how long an idle platform thread waits for a task before it ends
   */
  public PlatformFirstThreads(String name, int platformLimit, Duration keepAlive) {
    this.platformLimit = platformLimit;
    // Twice the limit: a task may come while the thread that ran the last one has not yet gone
    // back to waiting, and it should not go to a virtual thread for that. Running tasks stay
    // within the limit; the threads beyond it only wait, and end after keepAlive.
    this.platform =
        new ThreadPoolExecutor(
            0,
            2 * platformLimit,
            keepAlive.toNanos(),
            TimeUnit.NANOSECONDS,
            new SynchronousQueue<>(),
            Thread.ofPlatform().name(name, 0).daemon().factory());
    this.virtual =
        Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(name + "v-", 0).factory());
  }

  @Override
  public void execute(Runnable task) {
    if (platform.isShutdown()) {
      throw new RejectedExecutionException("shut down");
    }
    if (running.incrementAndGet() <= platformLimit) {
      try {
        platform.execute(
            () -> {
              platformInUse.incrementAndGet();
              try {
                task.run();
              } finally {
                platformInUse.decrementAndGet();
                running.decrementAndGet();
              }
            });
        return;
      } catch (RejectedExecutionException e) {
        if (platform.isShutdown()) {
          running.decrementAndGet();
          throw e;
        }
        // Every platform thread is between two tasks and none waits yet: a virtual one.
      }
    }
    try {
      virtual.execute(
          () -> {
            try {
              task.run();
            } finally {
              running.decrementAndGet();
            }
          });
    } catch (RejectedExecutionException e) {
      running.decrementAndGet();
      throw e;
    }
  }

  /** How many tasks run now, on either kind of thread. */
  int running() {
    return running.get();
  }

  /** How many tasks run on platform threads now. */
  int platformInUse() {
    return platformInUse.get();
  }

  @Override
  public void shutdown() {
    platform.shutdown();
    virtual.shutdown();
  }

  /** Interrupts every task's thread; new tasks are refused. Returns no tasks: none wait. */
  @Override
  public List<Runnable> shutdownNow() {
    platform.shutdownNow();
    virtual.shutdownNow();
    return List.of();
  }

  @Override
  public boolean isShutdown() {
    return platform.isShutdown();
  }

  @Override
  public boolean isTerminated() {
    return platform.isTerminated() && virtual.isTerminated();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    long until = System.nanoTime() + unit.toNanos(timeout);
    return platform.awaitTermination(timeout, unit)
        && virtual.awaitTermination(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
  }
}
