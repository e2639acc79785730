package io.dbscope.core.scrape;

import io.dbscope.core.engine.Meanwhile;
import io.dbscope.core.engine.Session;
import io.dbscope.core.engine.Target;
import java.time.Duration;

/**
 * The connection one collection runs on, replaced when it is lost. A custom query can lose its
 * connection (the server ends the session, the engine discards a connection it could not clean) and
 * must then fail alone: the collectors after it run on a new connection from the pool. At most
 * {@link #MAX_REOPENS} times per collection, so that a query that loses its connection costs one
 * new connection a scrape, and a server that drops every connection does not get a storm of them.
 */
final class ScrapeSession implements AutoCloseable {
  static final int MAX_REOPENS = 3;

  private final Target target;
  private final Duration connectTimeout;
  private final Meanwhile meanwhile;
  private Session session;
  private boolean lost;
  private int reopened;

  ScrapeSession(Target target, Session first, Duration connectTimeout, Meanwhile meanwhile) {
    this.target = target;
    this.session = first;
    this.connectTimeout = connectTimeout;
    this.meanwhile = meanwhile;
  }

  /** What the scrape's thread may do while this collection waits for its server. */
  Meanwhile meanwhile() {
    return meanwhile;
  }

  /** The session for the next query, after {@link #ready} said it has one. */
  Session session() {
    return session;
  }

  /** A query failed with a connection error: whatever the session says, use a new one next. */
  void lost() {
    lost = true;
  }

  /**
   * Makes sure the next query has a usable session.
   *
   * @return null when it has; otherwise why the rest of the collection cannot run
   */
  String ready(Deadline deadline) {
    if (session != null && !lost && session.isOpen()) {
      return null;
    }
    if (reopened == MAX_REOPENS) {
      return "the connection was lost " + MAX_REOPENS + " times in this scrape";
    }
    if (deadline.passed()) {
      return CollectorRun.DEADLINE_PASSED;
    }
    close();
    reopened++;
    lost = false;
    try {
      session = target.open(deadline.cap(connectTimeout));
      return null;
    } catch (Exception e) {
      return "the connection was lost and a new one failed: " + FailureText.message(e);
    }
  }

  @Override
  public void close() {
    if (session != null) {
      session.close();
      session = null;
    }
  }
}
