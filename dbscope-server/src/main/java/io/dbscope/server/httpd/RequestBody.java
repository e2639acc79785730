package io.dbscope.server.httpd;

import java.io.IOException;
import java.io.InputStream;

/**
 * A request's body, framed by its {@code Content-Length} or by chunks. Reading past it returns -1;
 * what a handler leaves unread is skipped by {@link #drain} so the next request on the connection
 * starts where it should.
 */
final class RequestBody extends InputStream {
  private static final int MAX_CHUNK_LINE = 1024;

  private final ConnectionInput in;
  private final boolean chunked;

  /** Bytes left in the body (fixed length) or in the current chunk. */
  private long left;

  private boolean done;
  private boolean closed;

  /** Whether a chunk was begun, so the next one starts after its CRLF. */
  private boolean started;

  RequestBody(ConnectionInput in, long length) {
    this.in = in;
    this.chunked = length == RequestHead.CHUNKED;
    this.left = chunked ? 0 : length;
    this.done = length == 0;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("the request body is closed");
    }
    if (len == 0) {
      return 0;
    }
    if (done || (left == 0 && !nextChunk())) {
      return -1;
    }
    int n = in.read(b, off, (int) Math.min(len, left));
    if (n < 0) {
      throw new HttpError(400, "the request ended in its body");
    }
    left -= n;
    if (left == 0 && !chunked) {
      done = true;
    }
    return n;
  }

  /** Moves to the next chunk; false after the last (and its trailers) has been read. */
  private boolean nextChunk() throws IOException {
    if (!chunked) {
      return false;
    }
    if (started) {
      String end = in.readLine(MAX_CHUNK_LINE, 400);
      if (end == null || !end.isEmpty()) {
        throw new HttpError(400, "a chunk without its CRLF");
      }
    }
    started = true;
    String line = in.readLine(MAX_CHUNK_LINE, 400);
    if (line == null) {
      throw new HttpError(400, "the request ended in its body");
    }
    int semi = line.indexOf(';');
    // Hex digits only (RFC 9112 section 7.1): parseLong would also take a sign, which a proxy in
    // front may read otherwise.
    String hex = (semi < 0 ? line : line.substring(0, semi)).stripTrailing();
    if (hex.isEmpty() || hex.length() > 15 || !hex.chars().allMatch(RequestBody::isHexDigit)) {
      throw new HttpError(400, "a malformed chunk size");
    }
    long size;
    try {
      size = Long.parseLong(hex, 16);
    } catch (NumberFormatException e) {
      throw new HttpError(400, "a malformed chunk size");
    }
    if (size == 0) {
      // Trailers, ignored, up to the empty line.
      for (int i = 0; ; i++) {
        String trailer = in.readLine(RequestHead.MAX_LINE, 431);
        if (trailer == null) {
          throw new HttpError(400, "the request ended in its trailers");
        }
        if (trailer.isEmpty()) {
          break;
        }
        if (i == RequestHead.MAX_HEADERS) {
          throw new HttpError(431, "too many trailers");
        }
      }
      done = true;
      return false;
    }
    left = size;
    return true;
  }

  private static boolean isHexDigit(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /**
   * Skips what is left of the body, at most {@code limit} bytes.
   *
   * @return whether the whole body is now read (else the connection cannot serve another request)
   */
  boolean drain(long limit) throws IOException {
    boolean wasClosed = closed;
    closed = false;
    try {
      byte[] skip = done ? null : new byte[4096];
      long skipped = 0;
      while (!done) {
        int n = read(skip, 0, skip.length);
        if (n < 0) {
          break;
        }
        skipped += n;
        if (skipped > limit) {
          return false;
        }
      }
      return true;
    } finally {
      closed = wasClosed;
    }
  }

  @Override
  public void close() {
    closed = true;
  }
}
