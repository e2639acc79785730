package io.dbscope.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.model.snapshots.Labels;
import java.util.List;
import org.junit.jupiter.api.Test;

class SampleBatchTest {
  private static final Labels A = Labels.of("datasource", "a");
  private static final Labels B = Labels.of("datasource", "b");

  private static List<Double> values(SampleBatch b, String family) {
    return b.families().stream()
        .filter(f -> f.name().equals(family))
        .flatMap(f -> f.points().stream())
        .map(SampleBatch.Point::value)
        .toList();
  }

  @Test
  void aFamilyTakenFromASealedBatchIsCopiedBeforeItGrowsAndTheSourceStaysAsItWas() {
    SampleBatch collector = new SampleBatch();
    collector.add("x", MetricType.GAUGE, "X.", A, 1);
    collector.seal();
    SampleBatch datasource = new SampleBatch();
    datasource.addAll(collector);
    datasource.add("x", MetricType.GAUGE, "X.", B, 2);
    SampleBatch cachedAgain = new SampleBatch();
    cachedAgain.add("x", MetricType.GAUGE, "X.", B, 3);
    datasource.addAll(cachedAgain.seal());

    assertThat(values(datasource, "x")).containsExactly(1.0, 2.0, 3.0);
    assertThat(datasource.size()).isEqualTo(3);
    assertThat(values(collector, "x")).containsExactly(1.0);
    assertThat(collector.size()).isEqualTo(1);
  }

  /** A sealed batch of one sample of family x. */
  private static SampleBatch sealedX(MetricType type, Labels labels, double value) {
    SampleBatch b = new SampleBatch();
    b.add("x", type, "X.", labels, value);
    return b.seal();
  }

  @Test
  void twoSealedBatchesWithTheSameFamilyMergeWithoutTouchingEither() {
    SampleBatch one = sealedX(MetricType.COUNTER, A, 1);
    SampleBatch two = sealedX(MetricType.COUNTER, B, 2);
    SampleBatch both = new SampleBatch();
    both.addAll(one);
    both.addAll(two);
    assertThat(values(both, "x")).containsExactly(1.0, 2.0);
    assertThat(values(one, "x")).containsExactly(1.0);
    assertThat(values(two, "x")).containsExactly(2.0);
  }

  @Test
  void theFirstTypeOfANameWinsInAddAllAsInAdd() {
    SampleBatch merged = new SampleBatch();
    merged.addAll(sealedX(MetricType.GAUGE, A, 1));
    merged.addAll(sealedX(MetricType.COUNTER, B, 2));
    assertThat(values(merged, "x")).containsExactly(1.0);
    assertThat(merged.size()).isEqualTo(1);
    assertThat(merged.add("x", MetricType.COUNTER, "X.", B, 2)).isFalse();
  }

  @Test
  void aSealedBatchTakesNothingMore() {
    SampleBatch other = new SampleBatch();
    other.add("x", MetricType.GAUGE, "X.", A, 1);
    SampleBatch sealed = new SampleBatch().seal();
    assertThatThrownBy(() -> sealed.addAll(other.seal())).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> sealed.add("y", MetricType.GAUGE, "Y.", A, 1))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void orderingSortsEachFamilyDropsRepeatsAndLeavesABorrowedListAsItWas() {
    SampleBatch collector = new SampleBatch();
    collector.add("x", "", MetricType.GAUGE, "X.", Labels.of("cmd", "set"), A, 1);
    collector.add("x", "", MetricType.GAUGE, "X.", Labels.of("cmd", "get"), A, 2);
    collector.add("x", "", MetricType.GAUGE, "X.", Labels.of("cmd", "set"), A, 3);
    collector.seal();
    SampleBatch datasource = new SampleBatch();
    datasource.addAll(collector);
    datasource.add("y", MetricType.GAUGE, "Y.", A, 4);
    datasource.order();

    assertThat(values(datasource, "x")).containsExactly(2.0, 1.0);
    assertThat(datasource.repeats()).isEqualTo(1);
    assertThat(datasource.size()).isEqualTo(3);
    assertThat(datasource.owner()).isEqualTo("a");
    assertThat(values(collector, "x")).containsExactly(1.0, 2.0, 3.0);
    assertThatThrownBy(() -> datasource.add("y", MetricType.GAUGE, "Y.", A, 1))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aBatchWithTwoDatasourcesOrWithoutOneHasNoOwner() {
    SampleBatch two = new SampleBatch();
    two.add("x", MetricType.GAUGE, "X.", A, 1);
    two.add("x", MetricType.GAUGE, "X.", B, 2);
    assertThat(two.order().owner()).isNull();
    SampleBatch none = new SampleBatch();
    none.add("x", MetricType.GAUGE, "X.", Labels.EMPTY, 1);
    assertThat(none.order().owner()).isNull();
    SampleBatch unordered = new SampleBatch();
    unordered.add("x", MetricType.GAUGE, "X.", A, 1);
    assertThat(unordered.seal().owner()).isNull();
  }

  /**
   * A cached collector's batch is ordered once; the datasource's batch takes its family as it is
   * (the same label sets in the same order, not sorted again), and the repeat it dropped still
   * counts.
   */
  @Test
  void anOrderedBatchsFamilyIsTakenAsItIsAndItsRepeatsStillCount() {
    Labels datasource = Labels.of("datasource", "a");
    SampleBatch cached = new SampleBatch();
    cached.add("x", "", MetricType.GAUGE, "X.", Labels.of("k", "b"), datasource, 2);
    cached.add("x", "", MetricType.GAUGE, "X.", Labels.of("k", "a"), datasource, 1);
    cached.add("x", "", MetricType.GAUGE, "X.", Labels.of("k", "a"), datasource, 9);
    cached.order();
    List<SampleBatch.Point> columns = cached.families().iterator().next().points();

    SampleBatch scrape = new SampleBatch();
    scrape.add("y", MetricType.GAUGE, "Y.", datasource, 3);
    scrape.addAll(cached);
    scrape.order();

    SampleBatch.Family x =
        scrape.families().stream().filter(f -> f.name().equals("x")).findFirst().orElseThrow();
    assertThat(x.points()).hasSize(2);
    for (int i = 0; i < 2; i++) {
      assertThat((Object) x.points().get(i).rowLabels()).isSameAs(columns.get(i).rowLabels());
    }
    assertThat(x.points()).extracting(p -> p.rowLabels().get("k")).containsExactly("a", "b");
    assertThat(x.points()).extracting(SampleBatch.Point::value).containsExactly(1.0, 2.0);
    assertThat(scrape.repeats()).isEqualTo(1);
    assertThat(scrape.owner()).isEqualTo("a");
  }

  @Test
  void aFamilyIsFoundByNameBeforeAndAfterOrderingWithoutViewsOfTheOthers() {
    SampleBatch b = new SampleBatch();
    b.add("b_total", MetricType.COUNTER, "B.", Labels.of("x", "2"), 2);
    b.add("b_total", MetricType.COUNTER, "B.", Labels.of("x", "1"), 1);
    b.add("a", MetricType.GAUGE, "A.", Labels.EMPTY, 7);
    assertThat(b.family("b_total").points()).hasSize(2);
    assertThat(b.family("nosuch")).isNull();
    SampleBatch ordered = b.order();
    SampleBatch.Family f = ordered.family("b_total");
    assertThat(f.type()).isEqualTo(MetricType.COUNTER);
    assertThat(f.help()).isEqualTo("B.");
    assertThat(f.points()).extracting(SampleBatch.Point::value).containsExactly(1.0, 2.0);
    assertThat(ordered.family("a").points().getFirst().value()).isEqualTo(7);
    assertThat(ordered.family("c")).isNull();
  }
}
