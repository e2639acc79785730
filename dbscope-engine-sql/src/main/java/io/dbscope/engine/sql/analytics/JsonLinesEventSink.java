package io.dbscope.engine.sql.analytics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbscope.core.events.EventSink;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each event as one JSON object per line, flushed at once, to an appended file or to
 * standard output. A write failure is logged once (and once more when writing works again), and the
 * event is dropped: analytics never fail a scrape because of their sink.
 *
 * <pre>{@code
 * try (JsonLinesEventSink sink = JsonLinesEventSink.file(Path.of("events.jsonl"))) {
 *   sink.emit(Map.of("kind", "slow_sql", "duration_seconds", 12.5));
 * }
 * }</pre>
 */
public final class JsonLinesEventSink implements EventSink, Closeable {
  private static final Logger log = LoggerFactory.getLogger(JsonLinesEventSink.class);

  private final ObjectMapper json = new ObjectMapper();
  private final Writer out;
  private final boolean owned;
  private final String where;
  private boolean failing;

  private JsonLinesEventSink(Writer out, boolean owned, String where) {
    this.out = out;
    this.owned = owned;
    this.where = where;
  }

  /** Appends to {@code file}, creating it (not its directories) when missing. */
  public static JsonLinesEventSink file(Path file) throws IOException {
    Writer w =
        Files.newBufferedWriter(
            file,
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.APPEND);
    return new JsonLinesEventSink(w, true, file.toString());
  }

  /** Writes to standard output, which {@link #close()} leaves open. */
  public static JsonLinesEventSink stdout() {
    return new JsonLinesEventSink(
        new OutputStreamWriter(System.out, StandardCharsets.UTF_8), false, "standard output");
  }

  @Override
  public void emit(Map<String, Object> event) {
    String line;
    try {
      line = json.writeValueAsString(event);
    } catch (JsonProcessingException e) {
      log.warn("event not written to {}: {}", where, e.getOriginalMessage());
      return;
    }
    synchronized (this) {
      try {
        out.write(line);
        out.write('\n');
        out.flush();
        if (failing) {
          failing = false;
          log.info("events are written to {} again", where);
        }
      } catch (IOException e) {
        if (!failing) {
          failing = true;
          log.warn("cannot write events to {}, dropping them: {}", where, e.getMessage());
        }
      }
    }
  }

  @Override
  public synchronized void close() throws IOException {
    if (owned) {
      out.close();
    } else {
      out.flush();
    }
  }
}
