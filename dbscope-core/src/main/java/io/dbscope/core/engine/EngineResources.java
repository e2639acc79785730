package io.dbscope.core.engine;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

/**
 * Process-wide resources that engines share across all datasources, so that the cost of a
 * datasource is its connections, not its threads.
 *
 * @param scheduler one scheduler for pool housekeeping and timers
 * @param threads factory for helper threads (virtual threads)
 */
public record EngineResources(ScheduledExecutorService scheduler, ThreadFactory threads)
    implements AutoCloseable {

  /** Resources for one process (or one test): a one-thread scheduler and virtual threads. */
  public static EngineResources create() {
    ScheduledExecutorService s =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("dbscope-housekeeping").daemon(true).factory());
    return new EngineResources(s, Thread.ofVirtual().name("dbscope-pool-", 0).factory());
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
