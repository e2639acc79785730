package io.dbscope.engine.postgres.custom;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Captures the log lines of dbscope's scrape (with their datasource) while a test runs. */
final class Logs implements AutoCloseable {
  private final Logger logger = (Logger) LoggerFactory.getLogger("io.dbscope.core.scrape");
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  Logs() {
    appender.start();
    logger.addAppender(appender);
  }

  /** {@code LEVEL [datasource] message} for each line so far. */
  List<String> lines() {
    return appender.list.stream()
        .map(
            e ->
                e.getLevel()
                    + " ["
                    + e.getMDCPropertyMap().getOrDefault("datasource", "")
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
