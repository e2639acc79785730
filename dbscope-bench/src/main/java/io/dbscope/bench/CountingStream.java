package io.dbscope.bench;

import java.io.OutputStream;

/** Counts what it is given and keeps nothing; the count outlives close. */
public final class CountingStream extends OutputStream {
  private long count;

  /** The bytes given since the last reset, and starts again from zero. */
  public long reset() {
    long c = count;
    count = 0;
    return c;
  }

  @Override
  public void write(int b) {
    count++;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    count += len;
  }
}
