package io.dbscope.server.http;

import io.dbscope.core.metrics.Exposition;
import io.dbscope.core.metrics.ExpositionWriter;
import io.dbscope.core.scrape.Deadline;
import io.dbscope.server.Monitor;
import io.dbscope.server.ScrapeTimeout;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Writes a scrape as {@code /metrics} and {@code /probe} answer it: within the deadline Prometheus'
 * timeout header asks for, in the format its {@code Accept} header asks for, gzipped when accepted.
 */
final class ScrapeAnswer {
  /**
   * Answers up to this size are sent with their length in one write; larger ones (fleets of dozens
   * of datasources and more) are streamed chunked, so that a fleet's answer is never held whole.
   */
  private static final int HELD_BYTES = 1024 * 1024;

  /**
   * The holding array of the last answer, for the next one: scrapes mostly come one at a time, and
   * a new array of a hundred kilobytes per scrape made the young collections more frequent. A
   * concurrent scrape finds it taken and makes its own.
   */
  private final AtomicReference<byte[]> spare = new AtomicReference<>();

  private final ExpositionWriter writer = new ExpositionWriter();
  private final GzipAnswers gzips;

  ScrapeAnswer(GzipAnswers gzips) {
    this.gzips = gzips;
  }

  /** Scrapes with {@code scrape} (given the deadline) and writes the result. */
  void write(Request request, Monitor monitor, Function<Deadline, Exposition> scrape)
      throws IOException {
    ScrapeTimeout timeout = new ScrapeTimeout(monitor.config().global());
    Deadline deadline = timeout.deadline(request.header("X-Prometheus-Scrape-Timeout-Seconds"));
    Exposition exposition = scrape.apply(deadline);
    String accept = request.header("Accept");
    request.setHeader("Content-Type", writer.contentType(accept));
    boolean gzip = acceptsGzip(request.header("Accept-Encoding"));
    if (gzip) {
      request.setHeader("Content-Encoding", "gzip");
    }
    byte[] held = spare.getAndSet(null);
    Optional<OutputStream> body =
        request.body(200, HELD_BYTES, held != null ? held : new byte[64 * 1024], spare::set);
    if (body.isEmpty()) {
      return;
    }
    OutputStream out = gzip ? gzips.open(body.get()) : body.get();
    writer.write(out, exposition, accept);
    out.close();
  }

  static boolean acceptsGzip(String header) {
    if (header == null) {
      return false;
    }
    for (String part : header.split(",")) {
      String p = part.trim();
      if (p.startsWith("gzip") && !p.replace(" ", "").endsWith("q=0")) {
        return true;
      }
    }
    return false;
  }
}
