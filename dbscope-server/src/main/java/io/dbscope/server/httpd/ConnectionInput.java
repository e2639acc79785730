package io.dbscope.server.httpd;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.IOException;
import java.io.InputStream;

/**
 * A connection's reading side, buffered without locks: only the connection's own thread reads it.
 * Lines of the request head are read here, bodies through the streams made on top of it.
 */
final class ConnectionInput extends InputStream {
  private final InputStream in;
  private final byte[] buf = new byte[8192];
  private int pos;
  private int end;

  ConnectionInput(InputStream in) {
    this.in = in;
  }

  /** Waits for the next byte without taking it; false at the end of the stream. */
  boolean awaitByte() throws IOException {
    return pos < end || fill();
  }

  private boolean fill() throws IOException {
    pos = 0;
    end = 0;
    int n = in.read(buf, 0, buf.length);
    if (n <= 0) {
      return false;
    }
    end = n;
    return true;
  }

  @Override
  public int read() throws IOException {
    if (pos == end && !fill()) {
      return -1;
    }
    return buf[pos++] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (pos == end) {
      if (len >= buf.length) {
        return in.read(b, off, len);
      }
      if (!fill()) {
        return -1;
      }
    }
    int n = Math.min(len, end - pos);
    System.arraycopy(buf, pos, b, off, n);
    pos += n;
    return n;
  }

  /**
   * One line of at most {@code max} bytes without its end (CRLF or a bare LF), as ISO-8859-1, or
   * null at the end of the stream before any byte of it.
   *
   * @throws HttpError 431 or 414 (as {@code tooLong}) when the line is longer, 400 when it holds a
   *     bare CR or ends in the middle
   */
  String readLine(int max, int tooLong) throws IOException {
    StringBuilder line = null;
    int length = 0;
    while (true) {
      if (pos == end && !fill()) {
        if (line == null && length == 0) {
          return null;
        }
        throw new HttpError(400, "the request ended in the middle of a line");
      }
      int start = pos;
      while (pos < end) {
        byte b = buf[pos];
        if (b == '\n') {
          String piece = new String(buf, start, pos - start, ISO_8859_1);
          pos++;
          String all = line == null ? piece : line.append(piece).toString();
          return stripCr(all);
        }
        pos++;
        if (++length > max) {
          throw new HttpError(tooLong, "a line of the request head is too long");
        }
      }
      if (line == null) {
        line = new StringBuilder();
      }
      line.append(new String(buf, start, pos - start, ISO_8859_1));
    }
  }

  private static String stripCr(String line) {
    int n = line.length();
    String body = n > 0 && line.charAt(n - 1) == '\r' ? line.substring(0, n - 1) : line;
    if (body.indexOf('\r') >= 0) {
      throw new HttpError(400, "a bare CR in the request head");
    }
    return body;
  }
}
