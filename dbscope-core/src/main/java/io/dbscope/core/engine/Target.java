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

  /** Connections currently held to the server (active plus idle), for self-metrics. */
  default int connectionsHeld() {
    return -1;
  }

  @Override
  void close();
}
