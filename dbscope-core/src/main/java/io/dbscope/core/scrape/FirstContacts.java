package io.dbscope.core.scrape;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Makes the process's first contacts with each engine's databases one at a time: until a contact (a
 * collection or a health check) of a datasource of an engine has ended, whatever its outcome, that
 * engine's contacts run alone, each after the one under way (of any engine) or after a bounded
 * wait.
 *
 * <p>Why: a fleet's first collections load the engines' classes (drivers, pools, the JDBC drivers'
 * service files) on hundreds of virtual threads at once. A virtual thread that waits for a class
 * another thread is loading keeps its carrier (the wait is in the JVM, not in Java code), and there
 * are as many carriers as cores. Seen with 1,000 datasources on two cores: a virtual thread reading
 * a driver's service file held the jar's lock and waited for a carrier; both carriers held virtual
 * threads waiting for the Jedis class, which a health check's thread was loading and could not
 * finish without the jar's lock. Nothing ran again. Waiting here is a lock's wait in Java code,
 * which gives the carrier back, and the classes are loaded by one contact at a time. A contact that
 * failed loaded them too (the driver, the pool, the connection's classes), so it ends the wait as
 * well: waiting until one succeeded held a stopped database's collections behind a hanging one's at
 * every scrape.
 */
public final class FirstContacts {
  /**
   * How long a contact waits for the one under way: a cold first collection takes tenths of a
   * second, and one that hangs must not hold the rest for long.
   */
  public static final Duration WAIT = Duration.ofSeconds(1);

  private final Set<String> warm = ConcurrentHashMap.newKeySet();
  private final ReentrantLock first = new ReentrantLock();

  /**
   * Runs {@code contact} for a datasource of {@code engine}: at once when a contact of the engine
   * has ended before, otherwise after the first contact under way, or after {@code maxWait},
   * whichever comes first.
   */
  public <T> T run(String engine, Duration maxWait, Supplier<T> contact) {
    if (warm.contains(engine)) {
      return contact.get();
    }
    boolean alone = false;
    try {
      alone = first.tryLock(Math.max(0, maxWait.toNanos()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      return contact.get();
    } finally {
      warm.add(engine);
      if (alone) {
        first.unlock();
      }
    }
  }

  /** {@link #run(String, Duration, Supplier)} for a contact with no result. */
  public void run(String engine, Duration maxWait, Runnable contact) {
    run(
        engine,
        maxWait,
        () -> {
          contact.run();
          return null;
        });
  }

  /** Whether a contact of a datasource of {@code engine} has ended. */
  public boolean warm(String engine) {
    return warm.contains(engine);
  }
}
