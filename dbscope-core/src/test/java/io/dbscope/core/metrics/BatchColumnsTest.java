package io.dbscope.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.prometheus.metrics.model.snapshots.Labels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchColumnsTest {
  private static final Labels DS = Labels.of("datasource", "a");
  private static final Labels OTHER = Labels.of("datasource", "a", "role", "replica");
  private static final Labels GET = Labels.of("cmd", "get");
  private static final Labels SET = Labels.of("cmd", "set");
  private static final Labels LE1 = Labels.of("le", "1");
  private static final Labels INF = Labels.of("le", "+Inf");

  /** A datasource's batch as an engine makes it. */
  private static SampleBatch scrape(double v) {
    SampleBatch b = new SampleBatch();
    b.add("role", "", MetricType.GAUGE, "Role.", SET, OTHER, 0);
    b.add("role", "", MetricType.GAUGE, "Role.", GET, DS, 1);
    b.add("calls_total", "", MetricType.COUNTER, "Calls.", GET, DS, v);
    b.add("calls_total", "", MetricType.COUNTER, "Calls.", SET, DS, v + 1);
    b.add("up", "", MetricType.GAUGE, "Up.", Labels.EMPTY, DS, 1);
    b.add("latency", "_bucket", MetricType.HISTOGRAM, "Latency.", LE1, DS, v);
    b.add("latency", "_bucket", MetricType.HISTOGRAM, "Latency.", INF, DS, v + 2);
    b.add("latency", "_sum", MetricType.HISTOGRAM, "Latency.", Labels.EMPTY, DS, 0.5);
    b.add("latency", "_count", MetricType.HISTOGRAM, "Latency.", Labels.EMPTY, DS, v + 2);
    b.add("calls_total", "", MetricType.COUNTER, "Calls.", SET, DS, 99);
    return b;
  }

  private static String text(SampleBatch b) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new ExpositionWriter()
        .write(out, Exposition.builder().add(b).build(), ExpositionWriter.TEXT_CONTENT_TYPE);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void anOrderedBatchWrittenFromItsColumnsIsTheBatchWrittenFromItsPoints() throws IOException {
    SampleBatch ordered = scrape(1).order();
    SampleBatch sealed = scrape(1).seal();

    assertThat(ordered.columns()).isNotNull();
    assertThat(sealed.columns()).isNull();
    assertThat(text(ordered)).isEqualTo(text(sealed));
    assertThat(text(ordered))
        .contains("calls_total{cmd=\"set\",datasource=\"a\"} 2.0\n")
        .doesNotContain("99");
  }

  @Test
  void aFamilyReadAsAListHasItsPointsInOrder() {
    SampleBatch b = scrape(1).order();
    assertThat(points(b, "calls_total"))
        .extracting(p -> p.label("cmd"), SampleBatch.Point::value)
        .containsExactly(tuple("get", 1.0), tuple("set", 2.0));
    assertThat(points(b, "up")).extracting(SampleBatch.Point::value).containsExactly(1.0);
    assertThat(b.size()).isEqualTo(9);
  }

  @Test
  void pointsThatDifferInTheirDatasourceLabelsOrSuffixesKeepThemPerPoint() {
    SampleBatch b = scrape(1).order();
    BatchColumns c = b.columns();
    int latency = index(c, "latency");
    int role = index(c, "role");
    int calls = index(c, "calls_total");

    assertThat((Object) c.constant(calls)).isSameAs(DS);
    assertThat(c.suffix(calls, c.start(calls))).isEmpty();
    assertThat((Object) c.constant(role)).isNull();
    assertThat(c.suffixPerPoint(latency)).isTrue();
    assertThat(c.suffixPerPoint(calls)).isFalse();

    List<SampleBatch.Point> roles = points(b, "role");
    assertThat(roles).extracting(SampleBatch.Point::constLabels).containsExactly(DS, OTHER);
    assertThat(points(b, "latency"))
        .extracting(SampleBatch.Point::suffix)
        .containsExactlyInAnyOrder("_bucket", "_bucket", "_sum", "_count");
  }

  private static List<SampleBatch.Point> points(SampleBatch b, String family) {
    return b.families().stream()
        .filter(f -> f.name().equals(family))
        .findFirst()
        .orElseThrow()
        .points();
  }

  @Test
  void aMergedFamilyReadsItsBatchesPartsInTurnWhateverTheirKind() {
    SampleBatch a = new SampleBatch();
    a.add("x", "", MetricType.GAUGE, "X.", GET, Labels.of("datasource", "a"), 1);
    a.add("x", "", MetricType.GAUGE, "X.", SET, Labels.of("datasource", "a"), 2);
    SampleBatch plain = new SampleBatch();
    plain.add("x", "", MetricType.GAUGE, "X.", GET, Labels.of("datasource", "c"), 4);
    SampleBatch b = new SampleBatch();
    b.add("x", "", MetricType.GAUGE, "X.", GET, Labels.of("datasource", "b"), 3);

    FamilyParts parts = new FamilyParts();
    parts.add(a.order().columns(), 0);
    parts.add(List.of());
    parts.add(plain.seal().families().iterator().next().points());
    parts.add(b.order().columns(), 0);

    assertThat(parts).hasSize(4);
    assertThat(parts).extracting(SampleBatch.Point::value).containsExactly(1.0, 2.0, 4.0, 3.0);
    assertThat(parts.get(2).label("datasource")).isEqualTo("c");
    assertThat(parts.parts()).isEqualTo(4);
    assertThat(parts.columns(2)).isNull();
    assertThat(parts.columns(3)).isNotNull();
  }

  private static int index(BatchColumns c, String name) {
    for (int f = 0; f < c.families(); f++) {
      if (c.name(f).equals(name)) {
        return f;
      }
    }
    throw new AssertionError(name);
  }
}
