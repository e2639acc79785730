package io.dbscope.server;

import io.dbscope.core.config.RegularFiles;
import io.dbscope.core.engine.Engine;
import io.dbscope.core.engine.EngineCatalog;
import io.dbscope.core.events.EventSink;
import io.dbscope.engine.app.AppEngine;
import io.dbscope.engine.cloudwatch.CloudWatchEngine;
import io.dbscope.engine.dameng.DamengEngine;
import io.dbscope.engine.jdbc.JdbcEngine;
import io.dbscope.engine.mongodb.MongoEngine;
import io.dbscope.engine.mysql.MysqlEngine;
import io.dbscope.engine.postgres.PostgresEngine;
import io.dbscope.engine.redis.RedisEngine;
import io.dbscope.engine.sql.analytics.AnalyticsContext;
import io.dbscope.engine.sql.analytics.AnalyticsSettings;
import io.dbscope.engine.sql.analytics.JsonLinesEventSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.function.Supplier;

/** The one explicit list of engines in this build; each loads and checks its definitions here. */
public final class Engines {
  private Engines() {}

  /** Engines whose query-analytics events go to standard output (checking configs, tests). */
  public static EngineCatalog catalog() {
    return catalog(JsonLinesEventSink.stdout());
  }

  /** Engines whose query-analytics events go to {@code events}. */
  public static EngineCatalog catalog(EventSink events) {
    return catalog(EventSinks.of(events));
  }

  /** Engines whose events and statement records go to {@code sinks}. */
  public static EngineCatalog catalog(EventSinks sinks) {
    return catalog(sinks, new EngineCatalog(List.of()));
  }

  /**
   * Engines whose events and statement records go to {@code sinks}, taking the engines that send
   * none from {@code checked} (the catalog that read the config): an engine loads its built-in
   * definitions once, and loading Redis's twice was a tenth of the start-up CPU.
   */
  public static EngineCatalog catalog(EventSinks sinks, EngineCatalog checked) {
    AnalyticsContext analytics =
        new AnalyticsContext(
            AnalyticsSettings::of, sinks.events(), InstantSource.system(), sinks.statements());
    return new EngineCatalog(
        List.of(
            new PostgresEngine(analytics),
            new MysqlEngine(analytics),
            reused(checked, RedisEngine.class, RedisEngine::new),
            reused(checked, JdbcEngine.class, JdbcEngine::new),
            new DamengEngine(analytics),
            reused(checked, CloudWatchEngine.class, CloudWatchEngine::new),
            new MongoEngine(sinks.events(), InstantSource.system()),
            reused(checked, AppEngine.class, AppEngine::new)));
  }

  private static <E extends Engine> E reused(
      EngineCatalog checked, Class<E> type, Supplier<E> fresh) {
    return checked.engines().stream()
        .filter(type::isInstance)
        .map(type::cast)
        .findFirst()
        .orElseGet(fresh);
  }

  /**
   * The event sink the global key {@code eventLog} names: {@code stdout}, {@code off}, or a file
   * path (appended to, one JSON object a line).
   *
   * @throws UncheckedIOException with a readable reason when the file cannot be opened
   */
  public static EventSink eventSink(String eventLog) {
    return switch (eventLog) {
      case "stdout" -> JsonLinesEventSink.stdout();
      case "off" -> event -> {};
      default -> {
        Path file = Path.of(eventLog);
        // The config loader checked the file; this is for one that broke since.
        try {
          yield JsonLinesEventSink.file(file);
        } catch (IOException e) {
          String why = RegularFiles.unwritable(file).orElse(RegularFiles.reason(e));
          throw new UncheckedIOException("cannot open eventLog " + eventLog + ": " + why, e);
        }
      }
    };
  }
}
