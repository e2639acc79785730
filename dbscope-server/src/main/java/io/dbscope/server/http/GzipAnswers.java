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
 * larger one (a fleet's) is packed as it is written, into a gzip member of our own ({@link
 * GzipParts}), and from {@link io.dbscope.core.metrics.ExpositionWriter}'s 50,000 samples on in two
 * parts packed at once ({@link SplitOutput}). Both by the fast packer where one is installed
 * ({@link FastGzip}: ISA-L, or libdeflate, which packs held answers only), otherwise by zlib. The
 * working memory (the held text, the packed bytes, zlib's stream or the fast packer's) is kept from
 * one answer to the next, which spares the 8 KB of garbage and the native memory a new stream takes
 * per answer (the time zlib takes is the same either way: {@code GzipAnswerBenchmark} in
 * dbscope-bench). Scrapes mostly come one at a time; one that finds the memory taken makes its own.
 */
final class GzipAnswers {
  /** Text held whole and packed in one call up to this size; past it, streamed. */
  static final int WHOLE_LIMIT = 1024 * 1024;

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
    GzipParts.Raw raw(OutputStream to) {
      FastGzip.Packer p = packer();
      return p != null && p.streams()
          ? GzipParts.raw(p, null, null, to)
          : GzipParts.raw(null, deflater(), packed, to);
    }
  }

  private final class Answer extends OnceStream implements SplitOutput {
    private final OutputStream body;
    private final Scratch s;
    private int length;

    /** The answer packed as it is written: past {@link #WHOLE_LIMIT}, or split in two parts. */
    private GzipParts.Head head;

    /** In an answer of two parts, the second, packed into memory, and its working memory. */
    private GzipParts.Tail tail;

    private Scratch tailScratch;

    Answer(OutputStream body, Scratch s) {
      this.body = body;
      this.s = s;
    }

    /** The second part, packed by a packer of its own into memory while the first is written. */
    @Override
    public OutputStream tail() throws IOException {
      if (head != null || length > 0) {
        throw new IllegalStateException("an answer is split before it is written");
      }
      Scratch t = spareTail.getAndSet(null);
      tailScratch = t != null ? t : new Scratch();
      head = new GzipParts.Head(s.raw(body), s.crc, body);
      tail = new GzipParts.Tail(tailScratch::raw, tailScratch.crc);
      return tail;
    }

    @Override
    void put(byte[] b, int off, int len) throws IOException {
      if (head == null && length + len > WHOLE_LIMIT) {
        startStream();
      }
      if (head != null) {
        head.write(b, off, len);
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
      try {
        FastGzip.Packer c = s.packer();
        if (head == null && c != null) {
          int bound = c.bound(length);
          if (s.packed.length < bound) {
            s.packed = new byte[bound];
          }
          body.write(s.packed, 0, c.gzip(s.text, length, s.packed));
        } else {
          if (head == null) {
            startStream();
          }
          if (tail != null) {
            head.end(tail);
          } else {
            head.end();
          }
        }
        body.close();
      } finally {
        s.giveBack();
        if (tailScratch != null) {
          tailScratch.giveBack(spareTail);
        }
      }
    }

    /** Starts a stream with what was held so far. */
    private void startStream() throws IOException {
      head = new GzipParts.Head(s.raw(body), s.crc, body);
      int held = length;
      length = 0;
      head.write(s.text, 0, held);
    }
  }
}
