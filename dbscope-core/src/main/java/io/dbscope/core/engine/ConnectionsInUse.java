package io.dbscope.core.engine;

import java.util.concurrent.TimeoutException;

/**
 * Waiting for a connection timed out while every connection the datasource may open was checked out
 * by dbscope itself (a health check, a long collection). It says nothing about the database: no
 * connect failure is counted, no circuit opens and the health stays as it was.
 */
public final class ConnectionsInUse extends TimeoutException {
  private static final long serialVersionUID = 1L;

  public ConnectionsInUse(String message, Throwable cause) {
    super(message);
    if (cause != null) {
      initCause(cause);
    }
  }
}
