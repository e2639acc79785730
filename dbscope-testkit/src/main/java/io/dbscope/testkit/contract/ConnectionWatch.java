package io.dbscope.testkit.contract;

import java.sql.SQLException;

/**
 * Tells whether dbscope kept its pooled connections over several scrapes instead of replacing them:
 * each engine sees that its own way (PostgreSQL by backend pids, MariaDB by the server's connection
 * counter). A contract makes one watch before its first scrape, calls {@link #afterScrape()} after
 * each and {@link #assertKept()} at the end.
 */
public interface ConnectionWatch {
  /** Notes what the server says about dbscope's connections now. */
  void afterScrape() throws SQLException;

  /** Fails, with what it saw, unless dbscope kept its connections. */
  void assertKept();
}
