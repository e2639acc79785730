package io.dbscope.engine.sql.analytics;

import java.util.Map;

/**
 * Where slow statements and long transactions go, one event each: a JSON-lines file or standard
 * output by default ({@link JsonLinesEventSink}), for Logstash, Vector or Fluent Bit to ship; a
 * Kafka sink can implement the same interface. Implementations must be thread-safe (several
 * datasources emit concurrently) and must not throw: a sink that cannot write logs and drops.
 */
@FunctionalInterface
public interface EventSink {

  /** Drops every event. */
  EventSink DISCARD = event -> {};

  /**
   * Emits one event: string keys, values that Jackson writes (strings, numbers, booleans, null).
   * See {@link ActivityEvent} for the fields.
   */
  void emit(Map<String, Object> event);

  /** A sink that hands each event to this one, then to {@code other}. */
  default EventSink and(EventSink other) {
    return event -> {
      emit(event);
      other.emit(event);
    };
  }
}
