package io.dbscope.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TextBufferTest {

  @Test
  void labelValuesAreEscapedAndWrittenInUtf8() throws Exception {
    TextBuffer b = new TextBuffer(2);
    b.escaped("a\\b\n\"c\" é 日本 😀 end", true);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    b.drainTo(out);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("a\\\\b\\n\\\"c\\\" é 日本 😀 end");
    assertThat(b.length()).isZero();
  }

  @Test
  void helpTextsKeepTheirQuotesAndPlainTextIsWrittenAsItIs() {
    assertThat(new TextBuffer(1).escaped("say \"hi\"\\", false).toString())
        .isEqualTo("say \"hi\"\\\\");
    assertThat(new TextBuffer(1).append("as \"is\" \\ ü").toString()).isEqualTo("as \"is\" \\ ü");
  }

  @Test
  void wholeNumbersAreWrittenAsLongToStringWritesThem() {
    for (long v :
        new long[] {0, 7, -7, 10, 99, 100, 1234567890123L, Long.MAX_VALUE, Long.MIN_VALUE}) {
      assertThat(new TextBuffer(1).append(v).toString()).isEqualTo(Long.toString(v));
    }
  }

  @Test
  void numbersAreWrittenAsDoubleToStringWritesThem() {
    double[] edges = {
      0,
      -0.0,
      1,
      -1,
      9_999_999,
      1e7,
      -1e7,
      1e7 + 1,
      12_345_678,
      100_000_001,
      1.5e9,
      4.2e12,
      0x1p53 - 1,
      -(0x1p53 - 1),
      0x1p53,
      0x1p53 + 2,
      1e16,
      1e21,
      1e22,
      Long.MAX_VALUE,
      Long.MIN_VALUE,
      0.5,
      1e-3,
      9e-4,
      123.456,
      Double.MIN_VALUE,
      Double.MAX_VALUE
    };
    for (double v : edges) {
      assertThat(new TextBuffer(1).number(v).toString()).as("%s", v).isEqualTo(Double.toString(v));
    }
    SplittableRandom random = new SplittableRandom(22);
    for (int i = 0; i < 100_000; i++) {
      // Whole numbers of every length up to 2^53 and a little past it, either sign.
      double v = (double) (random.nextLong(1L << 54) >>> random.nextInt(54));
      assertSameAsDoubleToString(random.nextBoolean() ? v : -v);
    }
  }

  @Test
  void decimalsAreWrittenAsDoubleToStringWritesThem() {
    double[] edges = {
      0.1,
      0.2,
      0.1 + 0.2,
      1.0 / 3,
      2.0 / 3,
      0.001,
      0.0009999,
      0.00099999999999999,
      1e-4,
      1.25e-5,
      9_999_999.5,
      9_999_999.999999998,
      1e7 - 1e-9,
      1e7 + 0.5,
      123_456.789,
      0.000_001,
      1e-22,
      1e-23,
      4.9e-324,
      2.2250738585072014e-308,
      12.5,
      100.25,
      1_000_000.1,
      0x1p50 / 1e3,
      0x1p50 - 0.5,
      Math.PI,
      Math.E,
      -0.003,
      -1.5e-7
    };
    for (double v : edges) {
      assertSameAsDoubleToString(v);
      assertSameAsDoubleToString(-v);
    }
    SplittableRandom random = new SplittableRandom(23);
    for (int i = 0; i < 300_000; i++) {
      // Short decimals of every scale (m / 10^k: what microseconds become in seconds)...
      long m = random.nextLong(1L << 51) >>> random.nextInt(51);
      assertSameAsDoubleToString(m / Math.pow(10, random.nextInt(24)));
      // ...and any double at all: long fractions, tiny and huge numbers.
      assertSameAsDoubleToString(Double.longBitsToDouble(random.nextLong()));
      assertSameAsDoubleToString(random.nextDouble() * Math.pow(10, random.nextInt(-8, 9)));
    }
  }

  private static void assertSameAsDoubleToString(double v) {
    String expected =
        Double.isNaN(v) ? "NaN" : Double.isInfinite(v) ? (v > 0 ? "+Inf" : "-Inf") : null;
    assertThat(new TextBuffer(1).number(v).toString())
        .as("%s", v)
        .isEqualTo(expected != null ? expected : Double.toString(v));
  }
}
