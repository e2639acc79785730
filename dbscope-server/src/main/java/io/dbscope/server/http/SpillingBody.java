package io.dbscope.server.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A response body held in memory up to a limit and sent with its length in one write; past the
 * limit, sent chunked as it is written. Most answers (one datasource: tens of kilobytes) then cost
 * one socket write instead of one per 8 KB (the JDK server writes its chunks of 4 KB through an 8
 * KB buffer), and the scraper reads them in one go; a fleet's answer of megabytes is still
 * streamed. Until it spills or closes, nothing has been sent: a failure while writing can still be
 * answered with an error status.
 */
final class SpillingBody extends OnceStream {
  private final HttpExchange exchange;
  private final int status;
  private final int limit;
  private final Consumer<byte[]> done;
  private byte[] held;
  private int length;
  private OutputStream streaming;

  /**
   * @param held the array to hold the body in, grown as needed up to {@code limit}
   * @param done takes the holding array back once its bytes are sent, for the next answer
   */
  SpillingBody(HttpExchange exchange, int status, int limit, byte[] held, Consumer<byte[]> done) {
    this.exchange = exchange;
    this.status = status;
    this.limit = limit;
    this.held = held;
    this.done = done;
  }

  @Override
  void put(byte[] b, int off, int len) throws IOException {
    if (streaming != null) {
      streaming.write(b, off, len);
      return;
    }
    if (length + len > limit) {
      exchange.sendResponseHeaders(status, 0);
      streaming = exchange.getResponseBody();
      streaming.write(held, 0, length);
      done.accept(held);
      held = null;
      streaming.write(b, off, len);
      return;
    }
    if (length + len > held.length) {
      held = Arrays.copyOf(held, Math.min(limit, Math.max(length + len, held.length * 2)));
    }
    System.arraycopy(b, off, held, length, len);
    length += len;
  }

  @Override
  void finish() throws IOException {
    if (streaming != null) {
      streaming.close();
      return;
    }
    // A length of 0 means "chunked" to the JDK server; an empty body is -1.
    exchange.sendResponseHeaders(status, length == 0 ? -1 : length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(held, 0, length);
    }
    done.accept(held);
    held = null;
  }
}
