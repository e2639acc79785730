package io.dbscope.server.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A streamed answer's gzip member, made here: the header, the raw deflate stream of a fast packer
 * or of zlib, and the trailer with the CRC and length of the text, computed as it passes. Either in
 * one part ({@link Head#end()}), or in two packed at once, as pigz packs on several cores: the
 * first part's stream ends with a sync flush (byte-aligned, no last block), the second part's
 * (packed into memory meanwhile) follows it in the same member, and the trailer's CRC is the two
 * parts' CRCs combined ({@link #combine}). Every gzip reader reads that as one stream, which a
 * member per part (concatenated gzip members) would not have been for readers that stop after the
 * first member.
 */
final class GzipParts {
  private static final byte[] HEADER = {0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, 0};

  private GzipParts() {}

  /** Raw deflate into a stream: by a fast packer, or by zlib. */
  interface Raw {
    void write(byte[] b, int off, int len) throws IOException;

    /** Ends this stream at a byte boundary, without a last block. */
    void flush() throws IOException;

    /** Ends this stream with its last block. */
    void end() throws IOException;
  }

  /**
   * Raw deflate into {@code to}: by {@code packer} where it streams, else by {@code zlib}, which
   * packs through {@code buffer} (the answer's, kept from one answer to the next).
   */
  static Raw raw(FastGzip.Packer packer, Deflater zlib, byte[] buffer, OutputStream to) {
    if (packer != null && packer.streams()) {
      packer.beginRaw();
      return new Raw() {
        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          packer.write(b, off, len, to);
        }

        @Override
        public void flush() throws IOException {
          packer.flush(to);
        }

        @Override
        public void end() throws IOException {
          packer.end(to);
        }
      };
    }
    return new ZlibRaw(zlib, buffer, to);
  }

  private static final class ZlibRaw implements Raw {
    private final Deflater deflater;
    private final OutputStream to;
    private final byte[] out;

    ZlibRaw(Deflater deflater, byte[] out, OutputStream to) {
      this.deflater = deflater;
      this.out = out;
      this.to = to;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      deflater.setInput(b, off, len);
      // Taken whole before returning: the caller reuses its array.
      while (!deflater.needsInput()) {
        drain(Deflater.NO_FLUSH);
      }
    }

    @Override
    public void flush() throws IOException {
      // A sync flush is complete when it leaves room in the output.
      while (drain(Deflater.SYNC_FLUSH) == out.length) {
        // Drained into to.
      }
    }

    @Override
    public void end() throws IOException {
      deflater.finish();
      while (!deflater.finished()) {
        drain(Deflater.NO_FLUSH);
      }
    }

    private int drain(int mode) throws IOException {
      int n = deflater.deflate(out, 0, out.length, mode);
      if (n > 0) {
        to.write(out, 0, n);
      }
      return n;
    }
  }

  /** The member's header, then its text (its first part) packed straight into the answer's body. */
  static final class Head {
    private final OutputStream body;
    private final Raw raw;
    private final CRC32 crc;
    private long size;

    Head(Raw raw, CRC32 crc, OutputStream body) throws IOException {
      this.body = body;
      this.raw = raw;
      this.crc = crc;
      crc.reset();
      body.write(HEADER);
    }

    void write(byte[] b, int off, int len) throws IOException {
      crc.update(b, off, len);
      size += len;
      raw.write(b, off, len);
    }

    /** Ends the member: the last block and the trailer. */
    void end() throws IOException {
      raw.end();
      trailer(crc.getValue(), size);
    }

    /** Ends the member with {@code tail} (closed) and the trailer of both parts. */
    void end(Tail tail) throws IOException {
      if (!tail.closed) {
        throw new IllegalStateException("the answer's second part was not closed");
      }
      raw.flush();
      tail.packed.writeTo(body);
      trailer(combine(crc.getValue(), tail.crc.getValue(), tail.size), size + tail.size);
    }

    private void trailer(long crc, long length) throws IOException {
      byte[] t = new byte[8];
      for (int i = 0; i < 4; i++) {
        t[i] = (byte) (crc >>> (8 * i));
        t[4 + i] = (byte) (length >>> (8 * i));
      }
      body.write(t);
    }
  }

  /** The second part: packed into memory until the first part is written. */
  static final class Tail extends OutputStream {
    private final Chunks packed = new Chunks();
    private final Raw raw;
    private final CRC32 crc;
    private long size;
    private boolean closed;

    /**
     * @param raw raw deflate into the given stream
     */
    Tail(Function<OutputStream, Raw> raw, CRC32 crc) {
      this.raw = raw.apply(packed);
      this.crc = crc;
      crc.reset();
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (closed) {
        throw new IOException("the answer's second part was already closed");
      }
      crc.update(b, off, len);
      size += len;
      raw.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      if (!closed) {
        closed = true;
        raw.end();
      }
    }
  }

  /**
   * Packed bytes in pieces of 64 KB: a fleet's second part is megabytes, and one growing array
   * would copy itself at each doubling.
   */
  static final class Chunks extends OutputStream {
    private static final int PIECE = 64 * 1024;
    private final List<byte[]> full = new ArrayList<>();
    private byte[] last = new byte[PIECE];
    private int used;

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      while (len > 0) {
        if (used == last.length) {
          full.add(last);
          last = new byte[PIECE];
          used = 0;
        }
        int n = Math.min(len, last.length - used);
        System.arraycopy(b, off, last, used, n);
        used += n;
        off += n;
        len -= n;
      }
    }

    void writeTo(OutputStream out) throws IOException {
      for (byte[] piece : full) {
        out.write(piece);
      }
      out.write(last, 0, used);
    }
  }

  /**
   * The CRC-32 of two texts one after the other from the CRC of each and the second's length
   * (zlib's {@code crc32_combine}: the first CRC moved past {@code length2} zero bytes by squaring
   * the operator of one zero bit, in GF(2)).
   */
  static long combine(long crc1, long crc2, long length2) {
    if (length2 <= 0) {
      return crc1;
    }
    long[] even = new long[32];
    long[] odd = new long[32];
    odd[0] = 0xedb88320L; // the CRC-32 polynomial, reflected: the operator of one zero bit
    long row = 1;
    for (int n = 1; n < 32; n++) {
      odd[n] = row;
      row <<= 1;
    }
    square(even, odd); // two zero bits
    square(odd, even); // four
    long crc = crc1;
    long len = length2;
    do {
      square(even, odd); // eight, sixteen, ...: one zero byte, two, four, ...
      if ((len & 1) != 0) {
        crc = times(even, crc);
      }
      len >>= 1;
      if (len == 0) {
        break;
      }
      square(odd, even);
      if ((len & 1) != 0) {
        crc = times(odd, crc);
      }
      len >>= 1;
    } while (len != 0);
    return crc ^ crc2;
  }

  private static long times(long[] matrix, long vector) {
    long sum = 0;
    for (int i = 0; vector != 0; i++, vector >>>= 1) {
      if ((vector & 1) != 0) {
        sum ^= matrix[i];
      }
    }
    return sum;
  }

  private static void square(long[] square, long[] matrix) {
    for (int n = 0; n < 32; n++) {
      square[n] = times(matrix, matrix[n]);
    }
  }

  /**
   * {@code text} packed as an answer in two parts split at {@code at}, by {@code first} and {@code
   * second} (null: zlib): for checking a packer, and in tests.
   */
  static byte[] twoParts(byte[] text, int at, FastGzip.Packer first, FastGzip.Packer second)
      throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    Deflater one = new Deflater(Deflater.BEST_SPEED, true);
    Deflater two = new Deflater(Deflater.BEST_SPEED, true);
    try {
      Head head = new Head(raw(first, one, new byte[16 * 1024], body), new CRC32(), body);
      Tail tail = new Tail(to -> raw(second, two, new byte[16 * 1024], to), new CRC32());
      tail.write(text, at, text.length - at);
      head.write(text, 0, at);
      tail.close();
      head.end(tail);
    } finally {
      one.end();
      two.end();
    }
    return body.toByteArray();
  }
}
