package io.dbscope.jdbc;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import java.sql.SQLException;

/**
 * One OpenTelemetry client span per statement, with the database attributes of OpenTelemetry's
 * conventions ({@code db.system.name}, {@code db.namespace}, {@code db.operation.name}, {@code
 * db.query.text} as the normalized text: no bound values). Loaded only when the application turned
 * spans on and has the OpenTelemetry API ({@link #create}); the tracer is the global one, so an
 * agent or SDK the application set up receives them.
 */
final class ClientSpans {
  private final Tracer tracer;

  private ClientSpans(Tracer tracer) {
    this.tracer = tracer;
  }

  /** The span source, or null when the OpenTelemetry API is absent. */
  static ClientSpans create() {
    try {
      Class.forName(
          "io.opentelemetry.api.GlobalOpenTelemetry", false, ClientSpans.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
    return new ClientSpans(GlobalOpenTelemetry.getTracer("io.dbscope.jdbc"));
  }

  /** A started span (as Object, so that callers need no OpenTelemetry type). */
  Object start(Points p, SqlInfo s) {
    String op = OperationName.NAMES[s.operation()];
    return tracer
        .spanBuilder(p.namespace().isEmpty() ? op : op + " " + p.namespace())
        .setSpanKind(SpanKind.CLIENT)
        .setAttribute("db.system.name", p.system())
        .setAttribute("db.namespace", p.namespace())
        .setAttribute("db.operation.name", op)
        .setAttribute("db.query.text", s.stats().text)
        .startSpan();
  }

  void end(Object span, SQLException error) {
    Span sp = (Span) span;
    if (error != null) {
      String state = error.getSQLState();
      String type = state != null ? state : error.getClass().getName();
      sp.setAttribute("error.type", type);
      if (state != null) {
        sp.setAttribute("db.response.status_code", state);
      }
      sp.setStatus(StatusCode.ERROR);
    }
    sp.end();
  }
}
