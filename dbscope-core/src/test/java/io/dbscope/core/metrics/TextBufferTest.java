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
      v = random.nextBoolean() ? v : -v;
      assertThat(new TextBuffer(1).number(v).toString()).as("%s", v).isEqualTo(Double.toString(v));
    }
  }
}
