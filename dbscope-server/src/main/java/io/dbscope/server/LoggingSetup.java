package io.dbscope.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.FileSize;
import io.dbscope.core.config.DbscopeConfig.GlobalConfig;
import io.dbscope.core.config.RegularFiles;
import java.nio.file.Path;
import java.util.Locale;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the config's logging keys: {@code logLevel}, {@code logFormat} (text or JSON lines with a
 * {@code datasource} field), and {@code logFile} with size-based rotation ({@code logMaxSize} MB,
 * {@code logMaxBackups} files).
 */
public final class LoggingSetup {
  static final String PATTERN =
      "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{0}"
          + "%replace( datasource=%X{datasource}){' datasource=$', ''} - %msg%n";

  private LoggingSetup() {}

  /**
   * Replaces the appenders; the ones in use stay when the new one cannot start.
   *
   * @throws IllegalStateException with a readable reason when {@code logFile} cannot be opened
   */
  public static void apply(GlobalConfig global) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
      return;
    }
    ch.qos.logback.classic.Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(global.logLevel().toUpperCase(Locale.ROOT), Level.INFO));
    Appender<ILoggingEvent> appender =
        global.logFile().map(f -> file(ctx, f, global)).orElseGet(() -> console(ctx, global));
    root.detachAndStopAllAppenders();
    root.addAppender(appender);
  }

  private static Encoder<ILoggingEvent> encoder(LoggerContext ctx, GlobalConfig global) {
    if (global.logFormat().equals("json")) {
      LogstashEncoder e = new LogstashEncoder();
      e.setContext(ctx);
      e.start();
      return e;
    }
    PatternLayoutEncoder e = new PatternLayoutEncoder();
    e.setContext(ctx);
    e.setPattern(PATTERN);
    e.start();
    return e;
  }

  private static Appender<ILoggingEvent> console(LoggerContext ctx, GlobalConfig global) {
    ConsoleAppender<ILoggingEvent> a = new ConsoleAppender<>();
    a.setContext(ctx);
    a.setName("console");
    a.setTarget("System.err");
    a.setEncoder(encoder(ctx, global));
    a.start();
    return a;
  }

  private static Appender<ILoggingEvent> file(LoggerContext ctx, Path file, GlobalConfig global) {
    RollingFileAppender<ILoggingEvent> a = new RollingFileAppender<>();
    a.setContext(ctx);
    a.setName("file");
    a.setFile(file.toString());
    FixedWindowRollingPolicy roll = new FixedWindowRollingPolicy();
    roll.setContext(ctx);
    roll.setParent(a);
    roll.setFileNamePattern(file + ".%i");
    roll.setMinIndex(1);
    roll.setMaxIndex(Math.max(1, global.logMaxBackups()));
    roll.start();
    SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
    trigger.setContext(ctx);
    trigger.setMaxFileSize(FileSize.valueOf(global.logMaxSizeMb() + "MB"));
    trigger.start();
    a.setRollingPolicy(roll);
    a.setTriggeringPolicy(trigger);
    a.setEncoder(encoder(ctx, global));
    a.start();
    if (!a.isStarted()) {
      // Logback reports why only to its status list; say it where the user looks.
      roll.stop();
      trigger.stop();
      String why = RegularFiles.unwritable(file).orElse("logback could not open it");
      throw new IllegalStateException("cannot open logFile " + file + ": " + why);
    }
    return a;
  }
}
