package io.dbscope.testkit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Captures one logger's lines (with one MDC value each) while a test runs, so that a test asserts
 * on what an operator would read. Needs logback-classic on the test classpath (an optional
 * dependency of the testkit: the fixtures do not need it).
 */
public final class CapturedLogs implements AutoCloseable {
  private final Logger logger;
  private final String mdcKey;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  /**
   * Starts capturing {@code loggerName} and the loggers below it; {@code mdcKey} goes in each line.
   */
  public CapturedLogs(String loggerName, String mdcKey) {
    this.logger = (Logger) LoggerFactory.getLogger(loggerName);
    this.mdcKey = mdcKey;
    appender.start();
    logger.addAppender(appender);
  }

  /** The lines of dbscope's scrape ({@code io.dbscope.core.scrape}) with their datasource. */
  public static CapturedLogs scrape() {
    return new CapturedLogs("io.dbscope.core.scrape", "datasource");
  }

  /** {@code LEVEL [mdc value] message} for each line so far. */
  public List<String> lines() {
    return appender.list.stream()
        .map(
            e ->
                e.getLevel()
                    + " ["
                    + e.getMDCPropertyMap().getOrDefault(mdcKey, "")
                    + "] "
                    + e.getFormattedMessage())
        .toList();
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    appender.stop();
  }
}
