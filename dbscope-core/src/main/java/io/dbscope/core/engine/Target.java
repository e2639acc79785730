package io.dbscope.core.engine;

import java.time.Duration;

/**
 * A datasource's live side: its pool or connection. Created without connecting, so that a database
 * that is down at start does not stop dbscope from starting.
 */
public interface Target extends AutoCloseable {

  /**
   * Borrows a connection.
   *
   * @param timeout how long to wait for a connection (connect or pool wait)
   */
  Session open(Duration timeout) throws Exception;

  /**
   * Whether every wait of this target ends by itself within the timeout it is given: {@link #open}
   * within its own, and each call of its sessions within the call's. A scrape of such a datasource
   * alone (one exporter per database, or {@code /probe}) then collects it on the scrape's own
   * thread: a thread of its own, there only to be given up on if a call overran the deadline, was a
   * tenth of the CPU of a one-datasource scrape (docs/benchmarks.md, thirteenth round). False by
   * default: a JDBC driver, for one, may not support a network timeout.
   */
  default boolean boundsItsWaits() {
    return false;
  }

  /** Connections currently held to the server (active plus idle), for self-metrics. */
  default int connectionsHeld() {
    return -1;
  }

  @Override
  void close();
}
