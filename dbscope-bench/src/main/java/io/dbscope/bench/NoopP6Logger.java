package io.dbscope.bench;

import com.p6spy.engine.logging.Category;
import com.p6spy.engine.spy.appender.P6Logger;

/**
 * A p6spy appender that writes nothing, so that the benchmark measures p6spy's wrapping and event
 * dispatch, not a log file (its default appender writes spy.log).
 */
public final class NoopP6Logger implements P6Logger {
  @Override
  public void logSQL(
      int connectionId,
      String now,
      long elapsed,
      Category category,
      String prepared,
      String sql,
      String url) {}

  @Override
  public void logException(Exception e) {}

  @Override
  public void logText(String text) {}

  @Override
  public boolean isCategoryEnabled(Category category) {
    return false;
  }
}
