package io.dbscope.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpositionBuilderTest {

  private static GaugeSnapshot gauge(String name, double value) {
    return GaugeSnapshot.builder()
        .name(name)
        .help("From a registry.")
        .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(value).build())
        .build();
  }

  /** Names as client_java files them: "x_total" of a counter is "x", one name with a gauge "x". */
  @Test
  void ofFamiliesWithOneNameTheFirstAddedWinsAndTheOthersCountAsDuplicates() {
    SampleBatch first = new SampleBatch();
    first.add("b_up", MetricType.GAUGE, "Up.", Labels.EMPTY, 1);
    first.add("x_total", MetricType.COUNTER, "A counter.", Labels.of("k", "1"), 5);
    SampleBatch second = new SampleBatch();
    second.add("x", MetricType.GAUGE, "A gauge.", Labels.of("k", "1"), 7);
    second.add("x", MetricType.GAUGE, "A gauge.", Labels.of("k", "2"), 8);
    second.add("a_up", MetricType.GAUGE, "Up.", Labels.EMPTY, 1);

    Exposition e = Exposition.builder().add(first).add(second).build();

    assertThat(e.families())
        .extracting(MergedFamily::name)
        .containsExactly("a_up", "b_up", "x_total");
    assertThat(List.of(e.sortName(0), e.sortName(1), e.sortName(2)))
        .containsExactly("a_up", "b_up", "x");
    assertThat(e.duplicates()).isEqualTo(2);
  }

  @Test
  void aSnapshotLosesToAFamilyOfItsNameAndToAnEarlierSnapshotOfItsName() {
    SampleBatch batch = new SampleBatch();
    batch.add("jvm_up", MetricType.GAUGE, "Ours.", Labels.EMPTY, 1);

    Exposition e =
        Exposition.builder()
            .add(batch)
            .add(MetricSnapshots.of(gauge("jvm_up", 2), gauge("z_last", 3), gauge("c_mid", 4)))
            .add(MetricSnapshots.of(gauge("z_last", 5)))
            .build();

    assertThat(e.families()).extracting(MergedFamily::name).containsExactly("jvm_up");
    assertThat(e.extra())
        .extracting(s -> s.getMetadata().getPrometheusName())
        .containsExactly("c_mid", "z_last");
    assertThat(((GaugeSnapshot) e.extra().get(1)).getDataPoints().getFirst().getValue())
        .isEqualTo(3);
  }

  @Test
  void anAnswerInTheLastOnesOrderIsOrderedAsThoughSortedAgain() {
    OrderMemo memo = new OrderMemo();
    for (String[] names :
        new String[][] {
          {"b_up", "a_up", "c_total"}, {"b_up", "a_up", "c_total"}, {"b_up", "c", "a_up", "c_total"}
        }) {
      SampleBatch batch = new SampleBatch();
      for (String name : names) {
        MetricType type = name.endsWith("_total") ? MetricType.COUNTER : MetricType.GAUGE;
        batch.add(name, type, "Help.", Labels.EMPTY, 1);
      }
      Exposition e = Exposition.builder().add(batch).build(memo);
      boolean clash = names.length == 4;
      assertThat(e.families())
          .extracting(MergedFamily::name)
          .containsExactly("a_up", "b_up", clash ? "c" : "c_total");
      assertThat(e.duplicates()).isEqualTo(clash ? 1 : 0);
    }
  }
}
