package io.dbscope.engine.sql.analytics;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.events.EventSink;
import java.time.InstantSource;
import java.util.Objects;
import java.util.function.Function;

/**
 * What an engine needs to build its query-analytics collectors: the settings of each datasource,
 * where events go, and the clock. Engines take it in their constructor, so that the server wires
 * config keys and the event sink in one place and tests substitute a fake clock.
 *
 * <pre>{@code
 * new PostgresEngine(new AnalyticsContext(AnalyticsSettings::of, sink, InstantSource.system()));
 * }</pre>
 *
 * @param settings the analytics settings of one datasource
 * @param events where slow statements and long transactions are reported
 * @param clock time source for intervals, holds and eviction
 * @param statements where per-fingerprint interval records go ({@link StatementRecordSink#DISCARD}
 *     unless a sink such as Kafka takes them)
 */
public record AnalyticsContext(
    Function<DatasourceConfig, AnalyticsSettings> settings,
    EventSink events,
    InstantSource clock,
    StatementRecordSink statements) {

  public AnalyticsContext {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(statements, "statements");
  }

  /** A context whose interval records go nowhere. */
  public AnalyticsContext(
      Function<DatasourceConfig, AnalyticsSettings> settings,
      EventSink events,
      InstantSource clock) {
    this(settings, events, clock, StatementRecordSink.DISCARD);
  }

  /** Defaults per datasource, events as JSON lines on standard output, the system clock. */
  public static AnalyticsContext defaults() {
    return new AnalyticsContext(
        AnalyticsSettings::of, JsonLinesEventSink.stdout(), InstantSource.system());
  }
}
