package io.dbscope.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpositionTextTest {
  private static final String TEXT =
      """
      # HELP up Whether the server answered.
      # TYPE up gauge
      up{datasource="a"} 1.0
      up{datasource="b"} 0.0
      # TYPE q_seconds histogram
      q_seconds_bucket{le="0.1",query="say \\"hi\\"\\\\n\\n"} 2.0
      q_seconds_bucket{le="+Inf",query="x"} 3.0
      q_seconds_count 3.0 1700000000000
      q_seconds_sum NaN
      """;

  private final ExpositionText e = new ExpositionText(TEXT);

  @Test
  void readsTypesNamesLabelsAndValues() {
    assertThat(e.types())
        .containsExactly(Map.entry("up", "gauge"), Map.entry("q_seconds", "histogram"));
    assertThat(e.type("up")).hasValue("gauge");
    assertThat(e.type("nope")).isEmpty();
    assertThat(e.samples()).hasSize(6);
    assertThat(e.samples("up")).extracting(ExpositionText.Sample::value).containsExactly(1.0, 0.0);
    assertThat(e.value("q_seconds_count")).isEqualTo(3.0);
    assertThat(e.value("q_seconds_sum")).isNaN();
    assertThat(e.sum("q_seconds_bucket")).isEqualTo(5.0);
    assertThat(e.hasFamilyStartingWith("q_")).isTrue();
    assertThat(e.hasFamilyStartingWith("pg_")).isFalse();
    assertThat(e.text()).isEqualTo(TEXT);
  }

  @Test
  void unescapesLabelValues() {
    assertThat(e.samples("q_seconds_bucket").getFirst().labels())
        .containsExactly(Map.entry("le", "0.1"), Map.entry("query", "say \"hi\"\\n\n"));
    assertThat(e.find("q_seconds_bucket", "le", "+Inf")).isPresent();
  }

  @Test
  void findTakesTheFirstMatchAndOnlyInsistsOnOne() {
    assertThat(e.value("up", "datasource", "b")).isZero();
    assertThat(e.find("up")).map(ExpositionText.Sample::labels).hasValue(Map.of("datasource", "a"));
    assertThat(e.value("up", Map.of("datasource", "a"))).isEqualTo(1.0);
    assertThatThrownBy(() -> e.only("up", Map.of())).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> e.value("up")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> e.value("up", "datasource", "c"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("no sample up [datasource, c]");
    assertThatThrownBy(() -> e.value("down", Map.of())).isInstanceOf(AssertionError.class);
  }

  @Test
  void writtenReadsWhatASourceWrites() {
    ExpositionText w =
        ExpositionText.written(out -> out.write("x{a=\"1\"} 2\n".getBytes(StandardCharsets.UTF_8)));
    assertThat(w.value("x", "a", "1")).isEqualTo(2.0);
  }

  @Test
  void rejectsALineThatIsNoSample() {
    assertThatThrownBy(() -> new ExpositionText("up{a=\"1\"}\n"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("not a sample line");
  }
}
