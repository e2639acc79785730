package io.dbscope.engine.mongodb;

import io.dbscope.core.events.ActivityEvent;
import io.dbscope.core.events.EventSink;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bson.Document;

/**
 * Writes each slow operation of a datasource's currentOp replies to the event log once, like slow
 * SQL: an operation (its {@code opid}) is reported the first time it is seen running for the
 * threshold or longer and not again while it runs. Only the operations of the last reply are
 * remembered, and at most {@link #MAX_PER_SCRAPE} are written per reply (the rest when they are
 * seen again), so memory and event volume stay bounded however many operations run. The text is the
 * command's shape ({@link CommandShape}), never its values. Thread-safe.
 */
final class SlowOperationEvents {
  static final int MAX_PER_SCRAPE = 100;

  private final String datasource;
  private final EventSink sink;
  private final InstantSource clock;
  private Set<Object> reported = Set.of();

  SlowOperationEvents(String datasource, EventSink sink, InstantSource clock) {
    this.datasource = datasource;
    this.sink = sink;
    this.clock = clock;
  }

  /** Reports the active operations of {@code reply} running for {@code threshold} or longer. */
  synchronized void report(Document reply, Duration threshold) {
    double min = threshold.toNanos() / 1e9;
    Set<Object> now = new HashSet<>();
    int written = 0;
    if (reply.get("inprog") instanceof List<?> ops) {
      for (Object o : ops) {
        if (!(o instanceof Document op)
            || Boolean.FALSE.equals(op.get("active"))
            || op.get("opid") == null) {
          continue;
        }
        double secs = CommandRows.seconds(op);
        if (secs < min || secs <= 0) {
          continue;
        }
        Object id = op.get("opid");
        if (reported.contains(id)) {
          now.add(id);
        } else if (written < MAX_PER_SCRAPE) {
          sink.emit(event(op, secs).toMap());
          now.add(id);
          written++;
        }
      }
    }
    reported = now;
  }

  private ActivityEvent event(Document op, double secs) {
    String ns = String.valueOf(op.getOrDefault("ns", ""));
    int dot = ns.indexOf('.');
    return new ActivityEvent(
        clock.instant(),
        datasource,
        ActivityEvent.SLOW_OPERATION,
        null,
        secs,
        user(op),
        dot > 0 ? ns.substring(0, dot) : (ns.isEmpty() ? null : ns),
        op.get("client") instanceof String c ? c : null,
        String.valueOf(op.get("opid")),
        started(op),
        op.get("command") instanceof Document c ? CommandShape.of(c) : null);
  }

  private static String user(Document op) {
    if (op.get("effectiveUsers") instanceof List<?> users
        && !users.isEmpty()
        && users.getFirst() instanceof Document u
        && u.get("user") instanceof String name) {
      return name;
    }
    return null;
  }

  /** currentOpTime: a date, or an ISO-8601 string as some servers write it; else unknown. */
  private static Instant started(Document op) {
    return switch (op.get("currentOpTime")) {
      case java.util.Date d -> d.toInstant();
      case String s -> {
        try {
          yield java.time.OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
          yield null;
        }
      }
      case null, default -> null;
    };
  }
}
