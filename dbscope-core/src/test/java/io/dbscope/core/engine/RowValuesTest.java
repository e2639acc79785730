package io.dbscope.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.metrics.DecimalText;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RowValuesTest {
  private static long bits(Double d) {
    return Double.doubleToRawLongBits(d);
  }

  @Test
  void shortDecimalsAreReadBitForBitAsParseDoubleReadsThem() {
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 200_000; i++) {
      int before = random.nextInt(0, 9);
      int after = random.nextInt(0, 16 - Math.max(1, before));
      StringBuilder s = new StringBuilder(random.nextInt(4) == 0 ? "-" : "");
      for (int k = 0; k < before; k++) {
        s.append((char) ('0' + random.nextInt(10)));
      }
      s.append('.');
      for (int k = 0; k < after; k++) {
        s.append((char) ('0' + random.nextInt(10)));
      }
      String text = s.toString();
      Double fast = DecimalText.shortDecimal(text);
      if (before + after == 0) {
        assertThat(fast).as(text).isNull();
      } else {
        assertThat(bits(fast)).as(text).isEqualTo(bits(Double.parseDouble(text)));
      }
    }
  }

  @Test
  void whatIsNoShortDecimalIsLeftToTheGeneralParser() {
    for (String s :
        new String[] {"1.5e3", "12", "1.2.3", "-", ".", "1234567890.1234567", "0x1.0p1"}) {
      assertThat(DecimalText.shortDecimal(s)).as(s).isNull();
    }
    assertThat(RowValues.number("1.5e3", Map.of())).isEqualTo(1500.0);
    assertThat(RowValues.number("1234567890.1234567", Map.of())).isEqualTo(1234567890.1234567);
    assertThat(bits(RowValues.number("-0.0", Map.of()))).isEqualTo(bits(-0.0));
    assertThat(RowValues.number("0.25", Map.of())).isEqualTo(0.25);
    assertThat(RowValues.isNone(RowValues.number("12.5%", Map.of()))).isTrue();
  }

  @Test
  void noValueIsNoNaNThatACellGives() {
    Double oddNaN = RowValues.NONE;
    assertThat(RowValues.isNone(RowValues.number(null, Map.of()))).isTrue();
    // A driver's NaN, even one with the marker's own bits, is read as a NaN that is a value.
    for (Object cell : new Object[] {Double.NaN, oddNaN, Float.NaN, "NaN", "nan"}) {
      double v = RowValues.number(cell, Map.of());
      assertThat(v).as(String.valueOf(cell)).isNaN();
      assertThat(RowValues.isNone(v)).as(String.valueOf(cell)).isFalse();
    }
    assertThat(RowValues.isNone(Double.NaN)).isFalse();
  }

  @Test
  void numbersAreReadAsNumbersBesideWordsButAMapOfNumbersIsLookedUpFirst() {
    Map<String, Double> words = Map.of("ok", 1.0, "err", 0.0);
    assertThat(RowValues.numbersAsIs(words)).isTrue();
    assertThat(RowValues.number("OK", words)).isEqualTo(1.0);
    assertThat(RowValues.number("12", words)).isEqualTo(12.0);
    assertThat(RowValues.number("1.03", words)).isEqualTo(1.03);
    assertThat(RowValues.number("1.5e3", words)).isEqualTo(1500.0);
    assertThat(RowValues.isNone(RowValues.number("12.5%", words))).isTrue();
    // A map whose words start like numbers wins over reading them as numbers.
    Map<String, Double> codes = Map.of("-1", 0.0, "ok", 1.0);
    assertThat(RowValues.numbersAsIs(codes)).isFalse();
    assertThat(RowValues.number("-1", codes)).isEqualTo(0.0);
    assertThat(RowValues.number("7", codes)).isEqualTo(7.0);
    assertThat(RowValues.numbersAsIs(Map.of(".5", 1.0))).isFalse();
    assertThat(RowValues.numbersAsIs(Map.of())).isTrue();
  }
}
