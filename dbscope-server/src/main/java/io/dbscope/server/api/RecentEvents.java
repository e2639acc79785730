package io.dbscope.server.api;

import io.dbscope.core.events.EventSink;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The last events of the whole fleet -- slow statements, long transactions, slow operations as the
 * engines emit them, and lock waits as the history sampler sees them -- for the events API and the
 * datasource page. An {@link EventSink} beside the event log and Kafka; bounded to the newest
 * {@code capacity} events (about 1 KB each with their text).
 */
public final class RecentEvents implements EventSink {
  /** A lock wait: sessions waiting for a lock when the sampler looked. */
  public static final String LOCK_WAIT = "lock_wait";

  private final int capacity;
  private final ArrayDeque<Map<String, Object>> events = new ArrayDeque<>();

  public RecentEvents(int capacity) {
    this.capacity = capacity;
  }

  @Override
  public synchronized void emit(Map<String, Object> event) {
    if (events.size() == capacity) {
      events.removeFirst();
    }
    events.addLast(java.util.Collections.unmodifiableMap(withoutNulls(event)));
  }

  /** The newest events first, filtered by datasource and kind when given, at most {@code limit}. */
  public synchronized List<Map<String, Object>> recent(
      Optional<String> datasource, Optional<String> kind, int limit) {
    List<Map<String, Object>> out = new ArrayList<>();
    Iterator<Map<String, Object>> it = events.descendingIterator();
    while (it.hasNext() && out.size() < limit) {
      Map<String, Object> e = it.next();
      if (datasource.map(d -> d.equals(e.get("datasource"))).orElse(true)
          && kind.map(k -> k.equals(e.get("kind"))).orElse(true)) {
        out.add(e);
      }
    }
    return out;
  }

  private static Map<String, Object> withoutNulls(Map<String, Object> event) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    event.forEach(
        (k, v) -> {
          if (v != null) {
            m.put(k, v);
          }
        });
    return m;
  }
}
