package io.dbscope.server.http;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Whole-buffer gzip by libdeflate ({@code libdeflate.so.0}, Debian's {@code libdeflate0}), called
 * through the JDK's foreign function interface (final in Java 22, hence this class's place in the
 * jar's classes for Java 22 and later; {@link FastGzip#load} finds it). At its fastest level it
 * packs an answer in less than half the time zlib's fastest level takes, and smaller: 0.19 against
 * 0.41 ms for 62 KB of exposition text ({@code GzipAnswerBenchmark} in dbscope-bench), 9.6 against
 * 10.3 KB for one Redis datasource's answer. It has no streaming interface, so only answers held
 * whole use it. Used where ISA-L, faster still, is not installed ({@link FastGzip#load}).
 */
// Restricted methods: the calls are checked by hand (the input's length against its array, the
// output's size handed to the library); the jar's manifest enables native access for them.
@SuppressWarnings("restricted")
final class Libdeflate implements FastGzip {
  private static final int LEVEL = 1;

  private final MethodHandle alloc;
  private final MethodHandle free;
  private final MethodHandle bound;
  private final MethodHandle compress;

  private Libdeflate(SymbolLookup lib) {
    Linker linker = Linker.nativeLinker();
    alloc =
        linker.downcallHandle(
            symbol(lib, "libdeflate_alloc_compressor"),
            FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    free =
        linker.downcallHandle(
            symbol(lib, "libdeflate_free_compressor"),
            FunctionDescriptor.ofVoid(ValueLayout.ADDRESS));
    bound =
        linker.downcallHandle(
            symbol(lib, "libdeflate_gzip_compress_bound"),
            FunctionDescriptor.of(
                ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    // Critical with heap access: the arrays are passed where they lie, without a copy to native
    // memory; the collector waits for the call, a fraction of a millisecond.
    compress =
        linker.downcallHandle(
            symbol(lib, "libdeflate_gzip_compress"),
            FunctionDescriptor.of(
                ValueLayout.JAVA_LONG,
                ValueLayout.ADDRESS,
                ValueLayout.ADDRESS,
                ValueLayout.JAVA_LONG,
                ValueLayout.ADDRESS,
                ValueLayout.JAVA_LONG),
            Linker.Option.critical(true));
  }

  private static MemorySegment symbol(SymbolLookup lib, String name) {
    return lib.find(name).orElseThrow(() -> new IllegalArgumentException("no symbol " + name));
  }

  /**
   * libdeflate, or null when it cannot be loaded (not installed, or native access denied). Called
   * by {@link FastGzip#load}.
   */
  static Libdeflate load() {
    try {
      Libdeflate gzip =
          new Libdeflate(SymbolLookup.libraryLookup("libdeflate.so.0", Arena.global()));
      gzip.newPacker().bound(0);
      return gzip;
    } catch (RuntimeException | LinkageError e) {
      return null;
    }
  }

  /**
   * A compressor of its own, for one thread at a time. Its native memory is freed when it is no
   * longer reachable, so that an answer abandoned half-way (the scraper went away) leaks nothing.
   */
  @Override
  public Packer newPacker() {
    MemorySegment c;
    try {
      c = (MemorySegment) alloc.invokeExact(LEVEL);
    } catch (Throwable e) {
      throw new IllegalStateException("libdeflate_alloc_compressor failed", e);
    }
    if (c.equals(MemorySegment.NULL)) {
      throw new IllegalStateException("libdeflate_alloc_compressor: out of memory");
    }
    MethodHandle freeIt = free;
    return new Compressor(
        c.reinterpret(
            Arena.ofAuto(),
            segment -> {
              try {
                freeIt.invokeExact(segment);
              } catch (Throwable e) {
                throw new IllegalStateException("libdeflate_free_compressor failed", e);
              }
            }));
  }

  /** One libdeflate compressor. Not thread-safe. */
  private final class Compressor implements Packer {
    private final MemorySegment handle;

    private Compressor(MemorySegment handle) {
      this.handle = handle;
    }

    @Override
    public int bound(int length) {
      try {
        return Math.toIntExact((long) bound.invokeExact(handle, (long) length));
      } catch (Throwable e) {
        throw new IllegalStateException("libdeflate_gzip_compress_bound failed", e);
      }
    }

    @Override
    public int gzip(byte[] in, int length, byte[] out) {
      // The output's size goes to the library, which writes no further and answers 0 when the
      // stream does not fit: the caller's bound is not asked for a second time.
      if (length < 0 || length > in.length) {
        throw new IllegalArgumentException("length outside the input array");
      }
      long n;
      try {
        n =
            (long)
                compress.invokeExact(
                    handle,
                    MemorySegment.ofArray(in),
                    (long) length,
                    MemorySegment.ofArray(out),
                    (long) out.length);
      } catch (Throwable e) {
        throw new IllegalStateException("libdeflate_gzip_compress failed", e);
      }
      if (n == 0) {
        throw new IllegalStateException("libdeflate_gzip_compress: output too small");
      }
      return (int) n;
    }
  }
}
