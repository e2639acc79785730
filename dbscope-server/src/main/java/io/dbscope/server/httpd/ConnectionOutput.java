package io.dbscope.server.httpd;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * A connection's output, buffered so that a response's headers and a body of up to {@value
 * #COALESCED} bytes leave in one socket write. A {@code BufferedOutputStream} of 8 KB sent the
 * headers alone as soon as a body did not fit beside them: one Redis datasource's answer (9.5 KB
 * gzipped) cost two writes and two TCP segments per scrape. The buffer starts at 8 KB and grows
 * only on a connection that carried a larger answer (a scraper's, which asks for the same answer
 * again); a body beyond {@value #COALESCED} bytes goes out in its own writes.
 */
final class ConnectionOutput extends OutputStream {
  static final int INITIAL = 8192;
  static final int COALESCED = 65536;

  private final OutputStream socket;
  private byte[] buf = new byte[INITIAL];
  private int count;

  ConnectionOutput(OutputStream socket) {
    this.socket = socket;
  }

  @Override
  public void write(int b) throws IOException {
    if (count == buf.length) {
      drain();
    }
    buf[count++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (len <= buf.length - count) {
      System.arraycopy(b, off, buf, count, len);
      count += len;
      return;
    }
    if (count + len <= COALESCED) {
      buf = Arrays.copyOf(buf, Math.min(COALESCED, Math.max(count + len, 2 * buf.length)));
      System.arraycopy(b, off, buf, count, len);
      count += len;
      return;
    }
    drain();
    if (len <= buf.length) {
      System.arraycopy(b, off, buf, 0, len);
      count = len;
    } else {
      socket.write(b, off, len);
    }
  }

  @Override
  public void flush() throws IOException {
    drain();
    socket.flush();
  }

  private void drain() throws IOException {
    if (count > 0) {
      socket.write(buf, 0, count);
      count = 0;
    }
  }
}
