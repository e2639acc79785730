package io.dbscope.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.snapshots.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A point's row and datasource labels stand for one label set, in every use. */
class PointLabelsTest {
  private static final Labels DATASOURCE = Labels.of("datasource", "pg-1", "env", "prod");

  private static SampleBatch.Point point(Labels row, Labels constant) {
    return new SampleBatch.Point(row, constant, 1, "");
  }

  @Test
  void theJoinedSetIsSortedByNameAndARowLabelHidesTheDatasourcesOfTheSameName() {
    SampleBatch.Point p = point(Labels.of("cmd", "get", "env", "row"), DATASOURCE);
    assertThat((Object) p.labels())
        .isEqualTo(Labels.of("cmd", "get", "datasource", "pg-1", "env", "row"));
    assertThat(p.label("env")).isEqualTo("row");
    assertThat(p.label("datasource")).isEqualTo("pg-1");
    assertThat(p.label("nothing")).isNull();
  }

  @Test
  void theTextFormatWritesTheJoinedSet() throws Exception {
    SampleBatch b = new SampleBatch();
    b.add("x", "", MetricType.GAUGE, "X.", Labels.of("z", "1", "env", "row"), DATASOURCE, 2);
    b.add("x", "", MetricType.GAUGE, "X.", Labels.EMPTY, Labels.of("datasource", "pg-2"), 3);
    b.add("x", "", MetricType.GAUGE, "X.", Labels.of("a", "q\""), Labels.EMPTY, 4);
    String text = ExpositionWriterTest.write(Exposition.builder().add(b).build(), null);
    assertThat(text)
        .contains("x{datasource=\"pg-1\",env=\"row\",z=\"1\"} 2.0\n")
        .contains("x{datasource=\"pg-2\"} 3.0\n")
        .contains("x{a=\"q\\\"\"} 4.0\n");
  }

  /** Random row and datasource label sets, some sharing names: the order is the joined sets'. */
  @Test
  void pointsAreOrderedAsTheirJoinedSets() {
    Random random = new Random(42);
    String[] names = {"a", "cmd", "datasource", "env", "le", "z"};
    List<Labels> constants =
        List.of(Labels.EMPTY, DATASOURCE, Labels.of("datasource", "pg-2"), Labels.of("b", "x"));
    List<SampleBatch.Point> points = new ArrayList<>();
    for (int k = 0; k < 300; k++) {
      Labels.Builder row = Labels.builder();
      for (String n : names) {
        if (random.nextInt(3) == 0) {
          row.label(n, Integer.toString(random.nextInt(3)));
        }
      }
      points.add(point(row.build(), constants.get(random.nextInt(constants.size()))));
    }
    for (SampleBatch.Point a : points) {
      for (SampleBatch.Point b : points) {
        assertThat(Integer.signum(LabelOrder.compare(a, b)))
            .as("%s %s", a.labels(), b.labels())
            .isEqualTo(Integer.signum(LabelOrder.compare(a.labels(), b.labels())));
      }
    }
  }
}
