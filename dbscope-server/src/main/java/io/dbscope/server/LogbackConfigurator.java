package io.dbscope.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Logback's configuration until the config is read (then {@link LoggingSetup} replaces the appender
 * with the configured level, format and file), set in code and found by logback through {@code
 * META-INF/services}: logback's XML configuration (Joran, a SAX parser and a model of the file) was
 * half of the CPU of {@code dbscope --version} (docs/benchmarks.md). A {@code logback.xml} named by
 * {@code -Dlogback.configurationFile}, or a {@code logback-test.xml} on the class path, still wins.
 */
public final class LogbackConfigurator extends ContextAwareBase implements Configurator {
  /** Logger levels that differ from the root's INFO, and why. */
  static final Map<String, Level> LEVELS =
      Map.of(
          // Hikari logs an expected broken connection (database down) as a WARN with a stack
          // trace; dbscope reports it itself, in one line.
          "com.zaxxer.hikari", Level.ERROR,
          "io.zonky", Level.WARN,
          "redis.clients", Level.WARN,
          "org.mariadb", Level.WARN,
          "org.postgresql", Level.WARN,
          // The MongoDB driver logs its settings and every heartbeat failure at INFO; dbscope says
          // what matters (up/down, the failing collector) itself.
          "org.mongodb.driver", Level.WARN,
          // The Kafka client logs its settings at INFO and a down broker as a WARN per reconnect
          // (every second); the Kafka event sink reports failing and recovering itself, once each.
          "org.apache.kafka", Level.ERROR);

  @Override
  public ExecutionStatus configure(LoggerContext ctx) {
    if (System.getProperty("logback.configurationFile") != null
        || getClass().getClassLoader().getResource("logback-test.xml") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    // Every line about a datasource carries datasource=<name>.
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(ctx);
    encoder.setPattern(LoggingSetup.PATTERN);
    encoder.start();
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(ctx);
    console.setName("console");
    console.setTarget("System.err");
    console.setEncoder(encoder);
    console.start();
    LEVELS.forEach((name, level) -> ctx.getLogger(name).setLevel(level));
    ch.qos.logback.classic.Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(console);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
