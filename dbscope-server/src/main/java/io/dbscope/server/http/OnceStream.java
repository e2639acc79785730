package io.dbscope.server.http;

import java.io.IOException;
import java.io.OutputStream;

/**
 * An answer's body, written once: a write after close is an error (the answer is gone), and a
 * second close does nothing (a writer's try-with-resources after the answer's own close).
 */
abstract class OnceStream extends OutputStream {
  private boolean closed;

  /** Takes bytes of the answer; never called after close. */
  abstract void put(byte[] b, int off, int len) throws IOException;

  /** Sends what is left of the answer; called once. */
  abstract void finish() throws IOException;

  @Override
  public final void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public final void write(byte[] b, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("the answer was already sent");
    }
    put(b, off, len);
  }

  @Override
  public final void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    finish();
  }
}
