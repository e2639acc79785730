package io.dbscope.server.http;

import io.dbscope.core.metrics.SplitOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Gzips scrape answers, which Prometheus asks for on every scrape, at the fastest level: at zlib's
 * default level one Redis datasource's answer of 70 KB took 0.9 ms to pack, a third of the scrape,
 * and the fastest packs it in a fraction of that, 11 % larger. An answer of up to {@link
 * #WHOLE_LIMIT} bytes of text (one datasource: tens of kilobytes) is held and packed in one call; a
 * larger one (a fleet's) is packed as it is written. Both by the fast packer where one is installed
 * ({@link FastGzip}: ISA-L, or libdeflate, which packs held answers only), otherwise by zlib. The
 * working memory (the held text, the packed bytes, zlib's stream or the fast packer's) is kept from
 * one answer to the next, which spares the 8 KB of garbage and the native memory a new stream takes
 * per answer (the time zlib takes is the same either way: {@code GzipAnswerBenchmark} in
 * dbscope-bench). Scrapes mostly come one at a time; one that finds the memory taken makes its own.
 */
final class GzipAnswers {
  /** Text held whole and packed in one call up to this size; past it, streamed. */
  static final int WHOLE_LIMIT = 1024 * 1024;

  private static final byte[] HEADER = {0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, 0};

  private final Optional<FastGzip> fast;
  private final AtomicReference<Scratch> spare = new AtomicReference<>();

  /**
   * The working memory of an answer's second part ({@link Answer#tail}), kept as {@link #spare}.
   */
  private final AtomicReference<Scratch> spareTail = new AtomicReference<>();

  /**
   * @param fast packs answers; zlib packs them when it is empty, and streams them when it packs
   *     held answers only
   */
  GzipAnswers(Optional<FastGzip> fast) {
    this.fast = fast;
  }

  /** A stream that writes what it is given, gzipped, to {@code body}, and closes it on close. */
  OutputStream open(OutputStream body) {
    Scratch s = spare.getAndSet(null);
    return new Answer(body, s != null ? s : new Scratch());
  }

  /** The memory one answer works in. */
  private final class Scratch {
    byte[] text = new byte[64 * 1024];
    byte[] packed = new byte[16 * 1024];
    Deflater deflater;
    final CRC32 crc = new CRC32();
    FastGzip.Packer packer;

    Deflater deflater() {
      if (deflater == null) {
        deflater = new Deflater(Deflater.BEST_SPEED, true);
      } else {
        deflater.reset();
      }
      return deflater;
    }

    /** The fast packer, or null where there is none. */
    FastGzip.Packer packer() {
      if (packer == null && fast.isPresent()) {
        packer = fast.get().newPacker();
      }
      return packer;
    }

    void giveBack() {
      giveBack(spare);
    }

    void giveBack(AtomicReference<Scratch> to) {
      if (!to.compareAndSet(null, this) && deflater != null) {
        deflater.end();
      }
    }

    /** Raw deflate into {@code to}, by the fast packer where it streams, else by zlib. */
    SplitGzip.Raw raw(OutputStream to) {
      FastGzip.Packer p = packer();
      return p != null && p.streams()
          ? SplitGzip.raw(p, null, to)
          : SplitGzip.raw(null, deflater(), to);
    }
  }

  private final class Answer extends OnceStream implements SplitOutput {
    private final OutputStream body;
    private final Scratch s;
    private int length;
    private Streamed stream;

    /** In an answer of two parts: the first, packed into the body, and the second's memory. */
    private SplitGzip.Head head;

    private Scratch tailScratch;
    private SplitGzip.Tail tail;

    Answer(OutputStream body, Scratch s) {
      this.body = body;
      this.s = s;
    }

    /** The second part, packed by a packer of its own into memory while the first is written. */
    @Override
    public OutputStream tail() throws IOException {
      if (head != null || stream != null || length > 0) {
        throw new IllegalStateException("an answer is split before it is written");
      }
      Scratch t = spareTail.getAndSet(null);
      tailScratch = t != null ? t : new Scratch();
      head = new SplitGzip.Head(s.raw(body), s.crc, body);
      tail = new SplitGzip.Tail(tailScratch::raw, tailScratch.crc);
      return tail;
    }

    @Override
    void put(byte[] b, int off, int len) throws IOException {
      if (head != null) {
        head.write(b, off, len);
        return;
      }
      if (stream == null && length + len > WHOLE_LIMIT) {
        startStream();
      }
      if (stream != null) {
        stream.write(b, off, len);
        return;
      }
      if (length + len > s.text.length) {
        s.text = Arrays.copyOf(s.text, Math.min(WHOLE_LIMIT, Math.max(length + len, length * 2)));
      }
      System.arraycopy(b, off, s.text, length, len);
      length += len;
    }

    @Override
    void finish() throws IOException {
      if (head != null) {
        try {
          head.end(tail);
          body.close();
        } finally {
          s.giveBack();
          tailScratch.giveBack(spareTail);
        }
        return;
      }
      try {
        FastGzip.Packer c = s.packer();
        if (stream == null && c != null) {
          int bound = c.bound(length);
          if (s.packed.length < bound) {
            s.packed = new byte[bound];
          }
          body.write(s.packed, 0, c.gzip(s.text, length, s.packed));
        } else {
          if (stream == null) {
            startStream();
          }
          stream.end();
        }
        body.close();
      } finally {
        s.giveBack();
      }
    }

    /** Starts a stream with what was held so far. */
    private void startStream() throws IOException {
      FastGzip.Packer c = s.packer();
      stream = c != null && c.streams() ? new FastStream(c, body) : new ZlibStream(s, body);
      int held = length;
      length = 0;
      stream.write(s.text, 0, held);
    }
  }

  /** An answer packed as it is written. */
  private interface Streamed {
    void write(byte[] b, int off, int len) throws IOException;

    /** Writes the rest and the trailer. */
    void end() throws IOException;
  }

  private record FastStream(FastGzip.Packer packer, OutputStream body) implements Streamed {
    FastStream {
      packer.begin();
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      packer.write(b, off, len, body);
    }

    @Override
    public void end() throws IOException {
      packer.end(body);
    }
  }

  /** zlib's raw deflate between a gzip header and trailer of our own. */
  private static final class ZlibStream implements Streamed {
    private final Scratch s;
    private final OutputStream body;
    private final Deflater deflater;
    private long size;

    ZlibStream(Scratch s, OutputStream body) throws IOException {
      this.s = s;
      this.body = body;
      deflater = s.deflater();
      s.crc.reset();
      body.write(HEADER);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      s.crc.update(b, off, len);
      size += len;
      deflater.setInput(b, off, len);
      while (!deflater.needsInput()) {
        drain();
      }
    }

    @Override
    public void end() throws IOException {
      deflater.finish();
      while (!deflater.finished()) {
        drain();
      }
      long crc = s.crc.getValue();
      byte[] t = new byte[8];
      for (int i = 0; i < 4; i++) {
        t[i] = (byte) (crc >>> (8 * i));
        t[4 + i] = (byte) (size >>> (8 * i));
      }
      body.write(t);
    }

    private void drain() throws IOException {
      int n = deflater.deflate(s.packed, 0, s.packed.length, Deflater.NO_FLUSH);
      if (n > 0) {
        body.write(s.packed, 0, n);
      }
    }
  }
}
