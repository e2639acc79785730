package io.dbscope.server.http;

import io.dbscope.core.metrics.Exposition;
import io.dbscope.core.metrics.ExpositionWriter;
import io.dbscope.core.scrape.Deadline;
import io.dbscope.server.Monitor;
import io.dbscope.server.ScrapeTimeout;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a scrape as {@code /metrics} and {@code /probe} answer it: within the deadline Prometheus'
 * timeout header asks for, in the format its {@code Accept} header asks for, gzipped when accepted.
 */
final class ScrapeAnswer {
  private final ExpositionWriter writer = new ExpositionWriter();

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
    Optional<OutputStream> body = request.stream(200);
    if (body.isEmpty()) {
      return;
    }
    OutputStream out = gzip ? new GZIPOutputStream(body.get(), 8192) : body.get();
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
