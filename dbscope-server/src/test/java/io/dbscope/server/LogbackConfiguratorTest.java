package io.dbscope.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The logging dbscope starts with, before the config is read, set in code instead of XML. */
class LogbackConfiguratorTest {
  @Test
  void theProcessIsConfiguredInCodeNotByJoran() {
    // This JVM's logback found the configurator through META-INF/services.
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    assertThat(ctx.getLogger("com.zaxxer.hikari").getLevel()).isEqualTo(Level.ERROR);
    assertThat(ctx.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("console")).isNotNull();
  }

  @Test
  void levelsAndLineFormatAreTheOnesOfTheFormerLogbackXml() {
    LoggerContext ctx = new LoggerContext();
    LogbackConfigurator configurator = new LogbackConfigurator();
    configurator.setContext(ctx);

    assertThat(configurator.configure(ctx)).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);

    ch.qos.logback.classic.Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
    assertThat(root.getLevel()).isEqualTo(Level.INFO);
    assertThat(ctx.getLogger("com.zaxxer.hikari").getLevel()).isEqualTo(Level.ERROR);
    assertThat(ctx.getLogger("org.apache.kafka").getLevel()).isEqualTo(Level.ERROR);
    assertThat(ctx.getLogger("org.mongodb.driver").getLevel()).isEqualTo(Level.WARN);
    assertThat(ctx.getLogger("org.postgresql.Driver").getEffectiveLevel()).isEqualTo(Level.WARN);
    @SuppressWarnings("unchecked")
    ConsoleAppender<ILoggingEvent> console =
        (ConsoleAppender<ILoggingEvent>) root.getAppender("console");
    assertThat(console.isStarted()).isTrue();
    assertThat(console.getTarget()).isEqualTo("System.err");

    ch.qos.logback.classic.Logger logger = ctx.getLogger("io.dbscope.core.scrape.Monitored");
    LoggingEvent withDatasource =
        new LoggingEvent("x", logger, Level.WARN, "collector {} failed", null, new Object[] {"a"});
    withDatasource.setMDCPropertyMap(Map.of("datasource", "pg-1"));
    LoggingEvent without =
        new LoggingEvent("x", logger, Level.INFO, "started", null, new Object[0]);
    without.setMDCPropertyMap(Map.of());

    assertThat(line(console, withDatasource))
        .matches(
            "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) WARN "
                + " Monitored datasource=pg-1 - collector a failed\n");
    assertThat(line(console, without)).endsWith(" INFO  Monitored - started\n");
    ctx.stop();
  }

  private static String line(ConsoleAppender<ILoggingEvent> console, ILoggingEvent event) {
    return new String(console.getEncoder().encode(event), StandardCharsets.UTF_8);
  }
}
