package io.dbscope.server.http;

import java.util.Optional;

/**
 * A gzip packer for a whole buffer at once, faster than zlib's stream: libdeflate, where it is
 * installed and the JDK can call it. The binding ({@code Libdeflate}, in the jar's classes for Java
 * 22 and later) uses the foreign function interface, a preview in Java 21; there, and where the
 * library is missing, there is none and zlib packs every answer.
 */
interface WholeGzip {
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
  }

  /** libdeflate, or empty where it cannot be loaded. */
  static Optional<WholeGzip> load() {
    if (Runtime.version().feature() < 22) {
      return Optional.empty();
    }
    try {
      Object loaded =
          Class.forName("io.dbscope.server.http.Libdeflate").getDeclaredMethod("load").invoke(null);
      return loaded instanceof WholeGzip gzip ? Optional.of(gzip) : Optional.empty();
    } catch (ReflectiveOperationException | LinkageError e) {
      return Optional.empty();
    }
  }
}
