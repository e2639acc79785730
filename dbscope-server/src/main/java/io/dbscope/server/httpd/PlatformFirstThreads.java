package io.dbscope.server.httpd;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads a server's connections run on: a platform thread of its own for each of the first
 * {@code platformLimit} connections open at once, a virtual thread for each beyond.
 *
 * <p>A scrape's thread waits on the network again and again: for the request, then for each of the
 * database's answers when it collects a lone datasource itself. A platform thread blocked in a read
 * is woken by the kernel when the bytes come; a virtual thread's read wakes the JDK's poller
 * thread, then a carrier thread, and the scrape may go on on yet another carrier. Every wake-up of
 * a thread that slept for seconds costs more than the work it does (cold caches; in some virtual
 * machines half a millisecond and more): at Prometheus's pace, a Redis scrape ran 3 times on a
 * platform thread against 15 times on carriers and poller (bench/paced.sh). The few connections of
 * scrapers and console users get platform threads; a flood of connections costs no more than
 * virtual threads.
 */
public final class ConnectionThreads implements Executor, AutoCloseable {
  private final int platformLimit;
  private final ThreadFactory platform;
  private final ExecutorService virtual;
  private final AtomicInteger platformInUse = new AtomicInteger();
  private final Set<Thread> live = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /**
   * @param name the threads' name prefix
   * @param platformLimit how many connections at once get platform threads
   */
  public ConnectionThreads(String name, int platformLimit) {
    this.platformLimit = platformLimit;
    this.platform = Thread.ofPlatform().name(name, 0).daemon().factory();
    this.virtual =
        Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(name + "v-", 0).factory());
  }

  @Override
  public void execute(Runnable connection) {
    if (closed) {
      throw new RejectedExecutionException("closed");
    }
    if (platformInUse.incrementAndGet() > platformLimit) {
      platformInUse.decrementAndGet();
      virtual.execute(connection);
      return;
    }
    Thread t =
        platform.newThread(
            () -> {
              try {
                connection.run();
              } finally {
                live.remove(Thread.currentThread());
                platformInUse.decrementAndGet();
              }
            });
    live.add(t);
    t.start();
  }

  /** How many connections run on platform threads now. */
  int platformInUse() {
    return platformInUse.get();
  }

  /** Interrupts every connection's thread; new connections are refused. */
  @Override
  public void close() {
    closed = true;
    live.forEach(Thread::interrupt);
    virtual.shutdownNow();
  }
}
