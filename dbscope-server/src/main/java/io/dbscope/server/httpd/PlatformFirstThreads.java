package io.dbscope.server.httpd;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A thread per task: a platform thread for each of the first {@code platformLimit} tasks running at
 * once, a virtual thread for each beyond.
 *
 * <p>A scrape's thread waits on the network again and again: for the request, then, when it
 * collects a lone Redis or MongoDB datasource itself, for each of the database's answers. A
 * platform thread blocked in a read is woken by the kernel when the bytes come; a virtual thread's
 * read wakes the JDK's poller thread, then a carrier, and the task may go on on yet another
 * carrier. At Prometheus's pace every thread wakes after seconds of sleep, and each wake-up costs
 * more than the work it does (cold caches; in some virtual machines half a millisecond and more): a
 * Redis scrape ran 4 times on its connection's platform thread against 17 times on the carriers,
 * the poller and the JDK server's dispatcher (bench/paced.sh). The few connections of scrapers and
 * console users get platform threads; a flood of connections runs on virtual threads, since all
 * running tasks are counted. (The collections of JDBC datasources, on virtual threads, measured no
 * cheaper on platform threads made for them: a thread made per collection costs what the wake-ups
 * saved.)
 */
public final class PlatformFirstThreads extends AbstractExecutorService {
  private final int platformLimit;
  private final ThreadFactory platform;
  private final ExecutorService virtual;
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger platformInUse = new AtomicInteger();
  private final Set<Thread> live = ConcurrentHashMap.newKeySet();
  private volatile boolean shutdown;

  /**
   * @param name the threads' name prefix (virtual ones get {@code v-} after it)
   * @param platformLimit up to how many tasks running at once (of any kind) a new one gets a
   *     platform thread
   */
  public PlatformFirstThreads(String name, int platformLimit) {
    this.platformLimit = platformLimit;
    this.platform = Thread.ofPlatform().name(name, 0).daemon().factory();
    this.virtual =
        Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(name + "v-", 0).factory());
  }

  @Override
  public void execute(Runnable task) {
    if (shutdown) {
      throw new RejectedExecutionException("shut down");
    }
    if (running.incrementAndGet() > platformLimit) {
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
      return;
    }
    platformInUse.incrementAndGet();
    Thread t =
        platform.newThread(
            () -> {
              try {
                task.run();
              } finally {
                live.remove(Thread.currentThread());
                platformInUse.decrementAndGet();
                running.decrementAndGet();
              }
            });
    live.add(t);
    t.start();
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
    shutdown = true;
    virtual.shutdown();
  }

  /** Interrupts every task's thread; new tasks are refused. Returns no tasks: none wait. */
  @Override
  public List<Runnable> shutdownNow() {
    shutdown = true;
    live.forEach(Thread::interrupt);
    virtual.shutdownNow();
    return List.of();
  }

  @Override
  public boolean isShutdown() {
    return shutdown;
  }

  @Override
  public boolean isTerminated() {
    return shutdown && live.isEmpty() && virtual.isTerminated();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    long until = System.nanoTime() + unit.toNanos(timeout);
    for (Thread t : live) {
      long left = until - System.nanoTime();
      if (left <= 0 || !t.join(Duration.ofNanos(left))) {
        return false;
      }
    }
    return virtual.awaitTermination(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
  }
}
