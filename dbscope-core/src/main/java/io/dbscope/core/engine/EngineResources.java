package io.dbscope.core.engine;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

/**
 * Process-wide resources that engines share across all datasources, so that the cost of a
 * datasource is its connections, not its threads.
 *
 * @param scheduler one scheduler for pool housekeeping and timers
 * @param threads factory for helper threads (virtual threads)
 * @param connectionThreads factory for the threads a connection pool opens and closes its
 *     connections on: platform threads, which live only while they work (HikariCP's adder and
 *     closer end 5 s after their last task). As virtual threads they waited for a carrier behind
 *     every collection of a fleet's cold first scrape, one round trip of the connection handshake
 *     after another: at the start of 1,000 datasources on two cores, 2 to 34 PostgreSQL and MariaDB
 *     pools failed to connect within {@code connectTimeout}, none on platform threads
 *     (docs/benchmarks.md, thirteenth round).
 */
public record EngineResources(
    ScheduledExecutorService scheduler, ThreadFactory threads, ThreadFactory connectionThreads)
    implements AutoCloseable {

  /** Resources for one process (or one test): a one-thread scheduler and virtual threads. */
  public static EngineResources create() {
    ScheduledExecutorService s =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("dbscope-housekeeping").daemon(true).factory());
    return new EngineResources(
        s,
        Thread.ofVirtual().name("dbscope-pool-", 0).factory(),
        Thread.ofPlatform().name("dbscope-connect-", 0).daemon(true).factory());
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
