package io.dbscope.server.httpd;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A response's body as the handler writes it: nothing before the headers are sent, then as many
 * bytes as the length the headers gave, or chunks, or (HTTP/1.0 without a length) everything until
 * the connection closes. Closing it ends the response; it does not close the connection.
 */
final class ResponseBody extends OutputStream {
  enum Framing {
    NONE,
    LENGTH,
    CHUNKED,
    UNTIL_CLOSE
  }

  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] LAST_CHUNK = {'0', '\r', '\n', '\r', '\n'};

  private final OutputStream out;
  private Framing framing;
  private long left;
  private boolean closed;

  ResponseBody(OutputStream out) {
    this.out = out;
  }

  void begin(Framing framing, long length) {
    this.framing = framing;
    this.left = length;
  }

  /** Whether the response was ended with every byte it promised. */
  boolean complete() {
    return closed && (framing != Framing.LENGTH || left == 0);
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (framing == null) {
      throw new IOException("the response headers are not sent yet");
    }
    if (closed) {
      throw new IOException("the response body is closed");
    }
    if (len == 0) {
      return;
    }
    switch (framing) {
      case NONE -> throw new IOException("this response has no body");
      case LENGTH -> {
        if (len > left) {
          throw new IOException("more bytes than the Content-Length sent: " + (len - left));
        }
        out.write(b, off, len);
        left -= len;
      }
      case CHUNKED -> {
        out.write(Integer.toHexString(len).getBytes(US_ASCII));
        out.write(CRLF);
        out.write(b, off, len);
        out.write(CRLF);
      }
      case UNTIL_CLOSE -> out.write(b, off, len);
    }
  }

  @Override
  public void flush() throws IOException {
    if (framing != null && !closed) {
      out.flush();
    }
  }

  @Override
  public void close() throws IOException {
    if (closed || framing == null) {
      return;
    }
    closed = true;
    if (framing == Framing.CHUNKED) {
      out.write(LAST_CHUNK);
    }
    out.flush();
  }
}
