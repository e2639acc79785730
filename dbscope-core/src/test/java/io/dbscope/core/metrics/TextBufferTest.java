package io.dbscope.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
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
}
