package io.dbscope.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HistogramsTest {
  @Test
  void boundsAreReadAsParseDoubleReadsThem() {
    for (String le :
        new String[] {
          "1", "1024", "0.005", "2.5", "-1", "10000000000", "0.1", "3.0000000000000004", "1e3"
        }) {
      assertThat(Histograms.bound(le)).as(le).isEqualTo(Double.parseDouble(le));
    }
    assertThat(Histograms.bound("+Inf")).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(Histograms.bound("-Inf")).isEqualTo(Double.NEGATIVE_INFINITY);
  }

  @Test
  void aBoundThatIsNoNumberSortsLast() {
    assertThat(Histograms.bound("")).isNaN();
    assertThat(Histograms.bound("fast")).isNaN();
    assertThat(Histograms.bound(null)).isNaN();
  }
}
