package io.dbscope.server.http;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;

/**
 * A gzip packer faster than zlib: ISA-L, or libdeflate, where one is installed and the JDK can call
 * it. The bindings ({@code Isal}, {@code Libdeflate}, in the jar's classes for Java 22 and later)
 * use the foreign function interface, a preview in Java 21; there, and where neither library is
 * installed, there is none and zlib packs every answer.
 */
interface FastGzip {
  /** A packer of its own, for one thread at a time. */
  Packer newPacker();

  /** One packer's working memory. Not thread-safe. */
  interface Packer {
    /** The largest gzip stream {@code length} bytes can become. */
    int bound(int length);

    /**
     * Packs {@code in[0, length)} into {@code out} as one gzip stream; returns its size.
     *
     * @param out at least {@link #bound(int)} bytes
     */
    int gzip(byte[] in, int length, byte[] out);

    /**
     * Whether it also packs a raw deflate stream given in pieces ({@link #beginRaw}); libdeflate
     * does not.
     */
    default boolean streams() {
      return false;
    }

    /**
     * Starts a raw deflate stream, without gzip's header and trailer (the member is made around it:
     * {@link GzipParts}): {@link #write}, then {@link #flush} or {@link #end}.
     */
    default void beginRaw() {
      throw new UnsupportedOperationException("this packer packs whole buffers only");
    }

    /**
     * Packs {@code b[off, off + len)} into the stream and writes what comes out to {@code body}.
     */
    default void write(byte[] b, int off, int len, OutputStream body) throws IOException {
      throw new UnsupportedOperationException("this packer packs whole buffers only");
    }

    /** Ends the stream with its last block, written to {@code body}. */
    default void end(OutputStream body) throws IOException {
      throw new UnsupportedOperationException("this packer packs whole buffers only");
    }

    /**
     * Ends the stream at a byte boundary without a last block (a sync flush), so that another raw
     * stream can follow it in the same gzip member.
     */
    default void flush(OutputStream body) throws IOException {
      throw new UnsupportedOperationException("this packer packs whole buffers only");
    }
  }

  /** The fastest that loads: ISA-L (twice libdeflate's speed), libdeflate, or empty. */
  static Optional<FastGzip> load() {
    return load("Isal").or(() -> load("Libdeflate"));
  }

  /** The binding of that name in this package, or empty where it cannot be loaded. */
  static Optional<FastGzip> load(String binding) {
    if (Runtime.version().feature() < 22) {
      return Optional.empty();
    }
    try {
      Object loaded =
          Class.forName("io.dbscope.server.http." + binding).getDeclaredMethod("load").invoke(null);
      return loaded instanceof FastGzip gzip ? Optional.of(gzip) : Optional.empty();
    } catch (ReflectiveOperationException | LinkageError e) {
      return Optional.empty();
    }
  }
}
