package io.dbscope.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Answers packed by {@link GzipAnswers} unpack, with the JDK's gzip reader, to exactly what was
 * written: packed whole by ISA-L or libdeflate (the real libraries, {@code libisal2} and {@code
 * libdeflate0}, which the test script installs) or by zlib, and streamed (by ISA-L or zlib) past
 * {@link GzipAnswers#WHOLE_LIMIT}; with the working memory reused from answer to answer, larger and
 * smaller, and with two answers at once.
 */
class GzipAnswersTest {
  private static final int[] SIZES = {
    0, 1, 62_000, GzipAnswers.WHOLE_LIMIT, GzipAnswers.WHOLE_LIMIT + 1, 3_000_000, 9_000, 0, 500
  };

  private static GzipAnswers answers(String packer) {
    Optional<FastGzip> whole =
        switch (packer) {
          case "isal" -> FastGzip.load("Isal");
          case "libdeflate" -> FastGzip.load("Libdeflate");
          default -> Optional.empty();
        };
    if (!packer.equals("zlib")) {
      assertThat(whole)
          .as("%s (Debian's libisal2, libdeflate0) loaded on this JDK", packer)
          .isPresent();
    }
    return new GzipAnswers(whole);
  }

  @ParameterizedTest
  @ValueSource(strings = {"isal", "libdeflate", "zlib"})
  void answersOfEverySizeUnpackToWhatWasWritten(String packer) throws IOException {
    GzipAnswers gzips = answers(packer);
    for (int size : SIZES) {
      byte[] text = exposition(size, size);
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      try (OutputStream out = gzips.open(body)) {
        writeInPieces(out, text);
      }
      assertThat(gunzip(body.toByteArray())).as("answer of %d bytes", size).isEqualTo(text);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"isal", "libdeflate", "zlib"})
  void twoAnswersAtOnceEachUnpackToTheirOwnText(String packer) throws IOException {
    GzipAnswers gzips = answers(packer);
    byte[] first = exposition(70_000, 1);
    byte[] second = exposition(40_000, 2);
    ByteArrayOutputStream a = new ByteArrayOutputStream();
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    OutputStream outA = gzips.open(a);
    OutputStream outB = gzips.open(b);
    writeInPieces(outA, first);
    writeInPieces(outB, second);
    outB.close();
    outA.close();
    assertThat(gunzip(a.toByteArray())).isEqualTo(first);
    assertThat(gunzip(b.toByteArray())).isEqualTo(second);
  }

  @ParameterizedTest
  @ValueSource(strings = {"isal", "libdeflate", "zlib"})
  void theBodyIsClosedAndTheAnswerCannotBeWrittenTwice(String packer) throws IOException {
    boolean[] closed = {false};
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    OutputStream body =
        new OutputStream() {
          @Override
          public void write(int b) {
            bytes.write(b);
          }

          @Override
          public void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
          }

          @Override
          public void close() {
            closed[0] = true;
          }
        };
    OutputStream out = answers(packer).open(body);
    out.write("up 1\n".getBytes(StandardCharsets.UTF_8));
    out.close();
    out.close();
    assertThat(closed[0]).isTrue();
    assertThat(gunzip(bytes.toByteArray())).isEqualTo("up 1\n".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> out.write(1)).isInstanceOf(IOException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"isal", "libdeflate", "zlib"})
  void textThatDoesNotPackFitsItsBoundAndUnpacks(String packer) throws IOException {
    GzipAnswers gzips = answers(packer);
    for (int size : new int[] {200_000, 65_535, 1, GzipAnswers.WHOLE_LIMIT + 500_000}) {
      byte[] noise = new byte[size];
      new Random(size).nextBytes(noise);
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      try (OutputStream out = gzips.open(body)) {
        writeInPieces(out, noise);
      }
      assertThat(gunzip(body.toByteArray())).as("%d random bytes", size).isEqualTo(noise);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"isal", "libdeflate", "zlib"})
  void anAnswerInTwoPartsWrittenAtOnceIsOneGzipMemberOfBothTexts(String packer) throws Exception {
    GzipAnswers gzips = answers(packer);
    int[][] parts = {{0, 0}, {1, 0}, {0, 1}, {3_000_000, 2_000_000}, {10, 70_000}, {500, 9}};
    for (int[] sizes : parts) {
      byte[] first = exposition(sizes[0], 3);
      byte[] second = exposition(sizes[1], 4);
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      OutputStream out = gzips.open(body);
      OutputStream tail = ((io.dbscope.core.metrics.SplitOutput) out).tail();
      Thread other =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      writeInPieces(tail, second);
                    } catch (IOException e) {
                      throw new IllegalStateException(e);
                    }
                  });
      writeInPieces(out, first);
      other.join();
      tail.write('\n'); // after the join, as the writer adds what client_java writes
      tail.close();
      out.close();
      byte[] both = new byte[first.length + second.length + 1];
      System.arraycopy(first, 0, both, 0, first.length);
      System.arraycopy(second, 0, both, first.length, second.length);
      both[both.length - 1] = '\n';
      byte[] packed = body.toByteArray();
      assertThat(gunzip(packed)).as("parts of %d and %d bytes", sizes[0], sizes[1]).isEqualTo(both);
      assertThat(oneMember(packed)).as("one deflate stream in one member").isEqualTo(both);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"isal", "zlib"})
  void anAnswerIsSplitBeforeItIsWrittenOrNotAtAll(String packer) throws IOException {
    OutputStream out = answers(packer).open(new ByteArrayOutputStream());
    out.write(1);
    assertThatThrownBy(() -> ((io.dbscope.core.metrics.SplitOutput) out).tail())
        .isInstanceOf(IllegalStateException.class);
  }

  /**
   * The text of a gzip stream read as one member holding one deflate stream that ends exactly
   * before the trailer, whose CRC and length it checks: what a reader that stops after the first
   * member reads.
   */
  private static byte[] oneMember(byte[] packed) throws java.util.zip.DataFormatException {
    java.util.zip.Inflater inflater = new java.util.zip.Inflater(true);
    inflater.setInput(packed, 10, packed.length - 18);
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    byte[] piece = new byte[64 * 1024];
    while (!inflater.finished()) {
      int n = inflater.inflate(piece);
      assertThat(n > 0 || !inflater.needsInput()).as("more to inflate").isTrue();
      text.write(piece, 0, n);
    }
    assertThat(inflater.getRemaining()).isZero();
    inflater.end();
    byte[] out = text.toByteArray();
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(out);
    java.nio.ByteBuffer trailer =
        java.nio.ByteBuffer.wrap(packed, packed.length - 8, 8)
            .order(java.nio.ByteOrder.LITTLE_ENDIAN);
    assertThat(trailer.getInt() & 0xffffffffL).as("CRC").isEqualTo(crc.getValue());
    assertThat(trailer.getInt()).as("length").isEqualTo(out.length);
    return out;
  }

  /** Text shaped like an exposition (names, labels, numbers), {@code size} bytes of it. */
  private static byte[] exposition(int size, long seed) {
    Random random = new Random(seed);
    StringBuilder s = new StringBuilder(size + 100);
    while (s.length() < size) {
      s.append("redis_commands_total{cmd=\"c")
          .append(random.nextInt(200))
          .append("\",datasource=\"r1\"} ")
          .append(random.nextDouble() * 1e6)
          .append('\n');
    }
    s.setLength(size);
    return s.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** In pieces of up to 8 KB of varying size, as the exposition writer drains its buffer. */
  private static void writeInPieces(OutputStream out, byte[] text) throws IOException {
    Random random = new Random(text.length);
    for (int i = 0; i < text.length; ) {
      int n = Math.min(text.length - i, 1 + random.nextInt(8192));
      out.write(text, i, n);
      i += n;
    }
  }

  private static byte[] gunzip(byte[] packed) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(packed))) {
      return in.readAllBytes();
    }
  }
}
