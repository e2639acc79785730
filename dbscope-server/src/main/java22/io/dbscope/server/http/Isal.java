package io.dbscope.server.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Gzip by Intel's ISA-L ({@code libisal.so.2}, Debian's {@code libisal2}), through the foreign
 * function interface (final in Java 22, hence this class's place in the jar's classes for Java 22
 * and later; {@link FastGzip#load} finds it). Its level 1 packs one Redis datasource's answer in 54
 * µs against libdeflate's 96 µs at its fastest level, about 5 % larger (10.4 against 9.9 KB), and,
 * unlike libdeflate, it also packs a stream given in pieces: a fleet's answer of 6 MB in 7.8
 * against zlib's 23.5 ms ({@code GzipAnswerBenchmark} in dbscope-bench).
 *
 * <p>ISA-L takes its arguments in a struct ({@code isal_zstream}) that holds pointers to the input
 * and output, so both are copied through native buffers of the packer's own (a memory copy of the
 * text: microseconds). The struct's size and the offsets of its public fields are those of the
 * library's ABI {@code libisal.so.2} (read from the headers of 2.30, Debian 12's, on amd64); the
 * struct is allocated with room to spare, and {@link #load} packs a sample, whole and streamed, and
 * unpacks it with the JDK before the library is used, so that a library that does not keep that ABI
 * is left alone.
 */
// Restricted methods: the struct's pointers are set to native buffers of the packer's own, sized
// and checked here; the jar's manifest enables native access for them.
@SuppressWarnings("restricted")
final class Isal implements FastGzip {
  /** {@code sizeof(struct isal_zstream)} in libisal.so.2, and room to spare past it. */
  private static final long STREAM_SIZE = 82_384;

  private static final long STREAM_ROOM = 2 * STREAM_SIZE;

  /**
   * {@code ISAL_DEF_LVL1_SMALL}: level 1's hash table; the default size packs answers no better.
   */
  private static final int LEVEL_BUF = 86_016;

  private static final long NEXT_IN = 0;
  private static final long AVAIL_IN = 8;
  private static final long NEXT_OUT = 16;
  private static final long AVAIL_OUT = 24;
  private static final long TOTAL_OUT = 28;
  private static final long LEVEL = 40;
  private static final long LEVEL_BUF_SIZE = 44;
  private static final long LEVEL_BUF_PTR = 48;
  private static final long END_OF_STREAM = 56;
  private static final long FLUSH = 58;
  private static final long GZIP_FLAG = 60;

  /** {@code IGZIP_GZIP}: a gzip header and trailer around the deflate stream. */
  private static final short GZIP = 1;

  /** {@code IGZIP_DEFLATE}: the deflate stream alone. */
  private static final short RAW = 0;

  /** {@code SYNC_FLUSH}: what was given comes out, up to a byte boundary, in no last block. */
  private static final short SYNC_FLUSH = 1;

  /** The size of the native pieces a stream is packed in and out of. */
  private static final int PIECE = 64 * 1024;

  /** A function of the stream struct alone: the initialisations. */
  private static final FunctionDescriptor OF_STREAM =
      FunctionDescriptor.ofVoid(ValueLayout.ADDRESS);

  /** A function of the stream struct that answers a status: the packing calls. */
  private static final FunctionDescriptor STATUS_OF_STREAM =
      FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS);

  private final MethodHandle init;
  private final MethodHandle deflate;
  private final MethodHandle streamInit;
  private final MethodHandle streamDeflate;

  private Isal(SymbolLookup lib) {
    init = critical(lib, "isal_deflate_stateless_init", OF_STREAM);
    deflate = critical(lib, "isal_deflate_stateless", STATUS_OF_STREAM);
    streamInit = critical(lib, "isal_deflate_init", OF_STREAM);
    streamDeflate = critical(lib, "isal_deflate", STATUS_OF_STREAM);
  }

  /**
   * Critical: the thread does not leave Java's state for the call, during which the collector
   * waits. A call packs one answer of up to 1 MB, or a piece of 64 KB of a stream: a millisecond at
   * most.
   */
  private static MethodHandle critical(SymbolLookup lib, String name, FunctionDescriptor f) {
    return Linker.nativeLinker()
        .downcallHandle(symbol(lib, name), f, Linker.Option.critical(false));
  }

  private static MemorySegment symbol(SymbolLookup lib, String name) {
    return lib.find(name).orElseThrow(() -> new IllegalArgumentException("no symbol " + name));
  }

  /**
   * ISA-L, or null when it cannot be loaded (not installed, native access denied) or does not pack
   * a sample into what the JDK unpacks to the same text. Called by {@link FastGzip#load}.
   */
  static Isal load() {
    try {
      Isal gzip = new Isal(SymbolLookup.libraryLookup("libisal.so.2", Arena.global()));
      return gzip.roundTrips() ? gzip : null;
    } catch (RuntimeException | LinkageError e) {
      return null;
    }
  }

  private boolean roundTrips() {
    byte[] text =
        "# HELP up 1 when the datasource answered.\n# TYPE up gauge\nup{datasource=\"a\"} 1\n"
            .repeat(40)
            .getBytes(StandardCharsets.UTF_8);
    Packer p = newPacker();
    byte[] out = new byte[p.bound(text.length)];
    int n = p.gzip(text, text.length, out);
    return Arrays.equals(gunzip(out, n), text)
        && streamedRoundTrips(text, text.length)
        && streamedRoundTrips(text, 1000);
  }

  /**
   * {@code text} streamed in raw deflate: in one part when {@code at} is its length, else in two,
   * the first sync-flushed, in one gzip member (a split answer).
   */
  private boolean streamedRoundTrips(byte[] text, int at) {
    try {
      byte[] packed = GzipParts.twoParts(text, at, newPacker(), newPacker());
      return Arrays.equals(gunzip(packed, packed.length), text);
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static byte[] gunzip(byte[] packed, int length) {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(packed, 0, length))) {
      return in.readAllBytes();
    } catch (IOException e) {
      return new byte[0];
    }
  }

  /**
   * A stream struct and buffers of its own, for one thread at a time; freed when no longer
   * reachable, so that an answer abandoned half-way (the scraper went away) leaks nothing.
   */
  @Override
  public Packer newPacker() {
    return new Stream(Arena.ofAuto());
  }

  /** One ISA-L stream and its native buffers. Not thread-safe. */
  private final class Stream implements Packer {
    private final MemorySegment stream;
    private final MemorySegment levelBuf;
    private MemorySegment in;
    private MemorySegment out;
    private byte[] piece;

    private Stream(Arena arena) {
      stream = arena.allocate(STREAM_ROOM, 64);
      levelBuf = arena.allocate(LEVEL_BUF, 64);
      in = arena.allocate(PIECE);
      out = arena.allocate(PIECE);
    }

    /**
     * What stored blocks take (5 bytes per block of up to 64 KB) plus the gzip header and trailer:
     * ISA-L falls back to them for text that does not pack.
     */
    @Override
    public int bound(int length) {
      return Math.toIntExact(length + 5L * (length / 65_535 + 1) + 18 + 64);
    }

    @Override
    public int gzip(byte[] text, int length, byte[] packed) {
      if (length < 0 || length > text.length) {
        throw new IllegalArgumentException("length outside the input array");
      }
      // Each larger buffer in an arena of its own, so that the one it replaces is freed.
      if (in.byteSize() < length) {
        in = Arena.ofAuto().allocate(Math.max(length, in.byteSize() * 2));
      }
      if (out.byteSize() < packed.length) {
        out = Arena.ofAuto().allocate(Math.max(packed.length, out.byteSize() * 2));
      }
      MemorySegment.copy(text, 0, in, ValueLayout.JAVA_BYTE, 0, length);
      int status;
      try {
        init.invokeExact(stream);
        stream.set(ValueLayout.ADDRESS, NEXT_IN, in);
        stream.set(ValueLayout.JAVA_INT, AVAIL_IN, length);
        stream.set(ValueLayout.ADDRESS, NEXT_OUT, out);
        stream.set(ValueLayout.JAVA_INT, AVAIL_OUT, packed.length);
        levelOneGzip();
        stream.set(ValueLayout.JAVA_SHORT, END_OF_STREAM, (short) 1);
        status = (int) deflate.invokeExact(stream);
      } catch (Throwable e) {
        throw new IllegalStateException("isal_deflate_stateless failed", e);
      }
      if (status != 0) {
        throw new IllegalStateException("isal_deflate_stateless: status " + status);
      }
      int n = stream.get(ValueLayout.JAVA_INT, TOTAL_OUT);
      MemorySegment.copy(out, ValueLayout.JAVA_BYTE, 0, packed, 0, n);
      return n;
    }

    /** Level 1 with its hash table, and a gzip header and trailer: after either init. */
    private void levelOneGzip() {
      levelOne(GZIP);
    }

    private void levelOne(short format) {
      stream.set(ValueLayout.JAVA_INT, LEVEL, 1);
      stream.set(ValueLayout.JAVA_INT, LEVEL_BUF_SIZE, LEVEL_BUF);
      stream.set(ValueLayout.ADDRESS, LEVEL_BUF_PTR, levelBuf);
      stream.set(ValueLayout.JAVA_SHORT, GZIP_FLAG, format);
    }

    @Override
    public boolean streams() {
      return true;
    }

    @Override
    public void beginRaw() {
      try {
        streamInit.invokeExact(stream);
      } catch (Throwable e) {
        throw new IllegalStateException("isal_deflate_init failed", e);
      }
      levelOne(RAW);
      stream.set(ValueLayout.JAVA_SHORT, FLUSH, (short) 0);
      stream.set(ValueLayout.JAVA_SHORT, END_OF_STREAM, (short) 0);
    }

    @Override
    public void flush(OutputStream body) throws IOException {
      stream.set(ValueLayout.JAVA_INT, AVAIL_IN, 0);
      stream.set(ValueLayout.JAVA_SHORT, FLUSH, SYNC_FLUSH);
      // As at the end: a call that leaves room has flushed everything.
      while (drain(body)) {
        // Drained into body.
      }
      stream.set(ValueLayout.JAVA_SHORT, FLUSH, (short) 0);
    }

    @Override
    public void write(byte[] b, int off, int len, OutputStream body) throws IOException {
      while (len > 0) {
        int n = (int) Math.min(len, in.byteSize());
        MemorySegment.copy(b, off, in, ValueLayout.JAVA_BYTE, 0, n);
        stream.set(ValueLayout.ADDRESS, NEXT_IN, in);
        stream.set(ValueLayout.JAVA_INT, AVAIL_IN, n);
        // ISA-L stops when the input is taken or the output is full; a full output may have more
        // behind it. Stopping with neither would loop forever here: refused instead.
        boolean full;
        do {
          full = drain(body);
          if (!full && stream.get(ValueLayout.JAVA_INT, AVAIL_IN) > 0) {
            throw new IllegalStateException("isal_deflate left input and room");
          }
        } while (full);
        off += n;
        len -= n;
      }
    }

    @Override
    public void end(OutputStream body) throws IOException {
      stream.set(ValueLayout.JAVA_INT, AVAIL_IN, 0);
      stream.set(ValueLayout.JAVA_SHORT, END_OF_STREAM, (short) 1);
      // With the input ended, ISA-L writes the last block and the trailer, stopping only where the
      // output is full: a call that leaves room has ended the stream.
      while (drain(body)) {
        // Drained into body.
      }
    }

    /** One call into a fresh output piece, written to {@code body}; whether the piece filled. */
    private boolean drain(OutputStream body) throws IOException {
      int room = (int) out.byteSize();
      stream.set(ValueLayout.ADDRESS, NEXT_OUT, out);
      stream.set(ValueLayout.JAVA_INT, AVAIL_OUT, room);
      int status;
      try {
        status = (int) streamDeflate.invokeExact(stream);
      } catch (Throwable e) {
        throw new IllegalStateException("isal_deflate failed", e);
      }
      if (status != 0) {
        throw new IllegalStateException("isal_deflate: status " + status);
      }
      int n = room - stream.get(ValueLayout.JAVA_INT, AVAIL_OUT);
      if (n > 0) {
        if (piece == null || piece.length < n) {
          piece = new byte[room];
        }
        MemorySegment.copy(out, ValueLayout.JAVA_BYTE, 0, piece, 0, n);
        body.write(piece, 0, n);
      }
      return n == room;
    }
  }
}
