package io.dbscope.core.events;

import java.util.Map;

/**
 * Where slow statements, long transactions and slow operations go, one event each: a JSON-lines
 * file or standard output by default (the SQL engines' library writes those), for Logstash, Vector
 * or Fluent Bit to ship; the Kafka sink implements the same interface. It lives in core so that
 * every engine can report events without depending on another engine. Implementations must be
 * thread-safe (several datasources emit concurrently) and must not throw: a sink that cannot write
 * logs and drops.
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
