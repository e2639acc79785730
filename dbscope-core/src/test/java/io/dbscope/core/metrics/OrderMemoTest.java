package io.dbscope.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.snapshots.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OrderMemoTest {
  private static final Labels DATASOURCE = Labels.of("datasource", "pg-1");
  private static final Labels OTHER = Labels.of("datasource", "pg-2");

  @Test
  void theMemoCountsTheLastBatchsFamiliesOnOrOff() {
    OrderMemo memo = new OrderMemo(new OrderMemo.Budget(0));
    assertThat(memo.familyCount()).isZero();
    SampleBatch b = new SampleBatch(memo.familyCount());
    b.add("a", MetricType.GAUGE, "a", DATASOURCE, 1);
    b.add("b", MetricType.GAUGE, "b", DATASOURCE, 2);
    b.add("b", MetricType.GAUGE, "b", OTHER, 3);
    b.order(memo);
    assertThat(memo.on()).isFalse();
    assertThat(memo.familyCount()).isEqualTo(2);
    SampleBatch next = new SampleBatch(memo.familyCount());
    next.add("c", MetricType.GAUGE, "c", DATASOURCE, 1);
    assertThat(next.order(memo).families()).hasSize(1);
    assertThat(memo.familyCount()).isEqualTo(1);
  }

  /**
   * Random batches, scraped again and again as a datasource's are: mostly the same label objects in
   * the same order, sometimes a set made anew (equal or not), a point more or less, a repeat, a
   * point of another datasource. Each batch ordered with the memo must equal it ordered without.
   */
  @Test
  void orderingWithTheMemoEqualsOrderingWithout() {
    OrderMemo memo = new OrderMemo();
    orderRandomBatches(memo);
    assertThat(memo.reused()).as("families whose order was used again").isGreaterThan(200);
  }

  /**
   * The same with a memo that is off, as a fleet's datasource has once the budget is spent: it
   * serves again only the families that came out of order.
   */
  @Test
  void orderingWithAMemoThatIsOffEqualsOrderingWithout() {
    OrderMemo memo = new OrderMemo(new OrderMemo.Budget(0));
    orderRandomBatches(memo);
    assertThat(memo.on()).isFalse();
    assertThat(memo.reused())
        .as("families that came out of order, whose order was used again")
        .isGreaterThan(100);
  }

  private static void orderRandomBatches(OrderMemo memo) {
    Random r = new Random(11);
    List<Labels> sets = labelSets(r, 40);
    List<Input> inputs = randomInputs(r, sets, 60);
    for (int scrape = 0; scrape < 300; scrape++) {
      if (scrape % 3 == 0) {
        inputs = change(r, sets, inputs);
      }
      SampleBatch with = batch(inputs, scrape);
      SampleBatch without = batch(inputs, scrape);
      with.order(memo);
      without.order();
      assertThat(text(with)).as("scrape %d", scrape).isEqualTo(text(without));
      if (memo.on()) {
        // An off memo leaves the families in the order they came, as no memo does.
        assertThat(with.families())
            .extracting(Exposition::sortName)
            .as("families by their names in the exposition")
            .isSorted();
      }
      assertThat(with.size()).isEqualTo(without.size());
      assertThat(with.repeats()).isEqualTo(without.repeats());
    }
  }

  /** A family that comes the same way is not sorted again, and keeps dropping its repeat. */
  @Test
  void theSameFamilyAgainIsServedFromTheMemoWithItsRepeatDropped() {
    Labels b = Labels.of("cmd", "b");
    Labels a = Labels.of("cmd", "a");
    OrderMemo memo = new OrderMemo();
    for (int scrape = 0; scrape < 3; scrape++) {
      SampleBatch batch = new SampleBatch();
      batch.add("calls", "", MetricType.COUNTER, "h", b, DATASOURCE, 1 + scrape);
      batch.add("calls", "", MetricType.COUNTER, "h", a, DATASOURCE, 2 + scrape);
      batch.add("calls", "", MetricType.COUNTER, "h", b, DATASOURCE, 3 + scrape);
      batch.order(memo);
      List<SampleBatch.Point> points = batch.families().iterator().next().points();
      assertThat(points).extracting(p -> p.label("cmd")).containsExactly("a", "b");
      assertThat(points)
          .extracting(SampleBatch.Point::value)
          .containsExactly(2.0 + scrape, 1.0 + scrape);
      assertThat(batch.repeats()).isEqualTo(1);
    }
    assertThat(memo.reused()).isEqualTo(2);
  }

  /**
   * A family that a batch does not have is forgotten, so that the memo holds no more than a batch.
   */
  @Test
  void aFamilyThatIsGoneIsForgotten() {
    OrderMemo memo = new OrderMemo();
    SampleBatch first = new SampleBatch();
    first.add("x", "", MetricType.GAUGE, "h", Labels.of("k", "2"), DATASOURCE, 1);
    first.add("x", "", MetricType.GAUGE, "h", Labels.of("k", "1"), DATASOURCE, 1);
    first.order(memo);
    new SampleBatch().order(memo);
    SampleBatch again = new SampleBatch();
    again.add("x", "", MetricType.GAUGE, "h", Labels.of("k", "2"), DATASOURCE, 1);
    again.add("x", "", MetricType.GAUGE, "h", Labels.of("k", "1"), DATASOURCE, 1);
    again.order(memo);
    assertThat(memo.reused()).isZero();
  }

  private record Input(
      String family, MetricType type, Labels row, Labels constant, String suffix) {}

  private static List<Labels> labelSets(Random r, int n) {
    String[] names = {"cmd", "db", "le", "zone"};
    String[] values = {"a", "b", "get", "set", "1", "+Inf", "0.5"};
    List<Labels> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Labels.Builder b = Labels.builder();
      for (String name : names) {
        if (r.nextInt(3) > 0) {
          b.label(name, values[r.nextInt(values.length)]);
        }
      }
      out.add(b.build());
    }
    return out;
  }

  private static List<Input> randomInputs(Random r, List<Labels> sets, int n) {
    List<Input> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(random(r, sets));
    }
    return out;
  }

  private static Input random(Random r, List<Labels> sets) {
    Labels row = sets.get(r.nextInt(sets.size()));
    return switch (r.nextInt(4)) {
      case 0 -> new Input("g", MetricType.GAUGE, row, DATASOURCE, "");
      case 1 ->
          new Input("c", MetricType.COUNTER, row, r.nextInt(10) == 0 ? OTHER : DATASOURCE, "");
      case 2 -> new Input("s", MetricType.SUMMARY, row, DATASOURCE, r.nextBoolean() ? "" : "_sum");
      default ->
          new Input(
              "h",
              MetricType.HISTOGRAM,
              row,
              DATASOURCE,
              new String[] {"_bucket", "_sum", "_count"}[r.nextInt(3)]);
    };
  }

  /** One change a scrape may bring. */
  private static List<Input> change(Random r, List<Labels> sets, List<Input> inputs) {
    List<Input> out = new ArrayList<>(inputs);
    int at = r.nextInt(out.size());
    Input in = out.get(at);
    switch (r.nextInt(6)) {
      case 0 -> out.add(r.nextInt(out.size() + 1), random(r, sets));
      case 4 -> out.set(at, random(r, sets));
      case 1 -> out.remove(at);
      // An equal set, but another object: not the same as last time, by identity.
      case 2 ->
          out.set(
              at, new Input(in.family(), in.type(), copy(in.row()), in.constant(), in.suffix()));
      // A repeat of another point of its family.
      case 3 -> out.add(at, in);
      default -> {}
    }
    return out;
  }

  private static Labels copy(Labels l) {
    Labels.Builder b = Labels.builder();
    for (int i = 0; i < l.size(); i++) {
      b.label(l.getName(i), l.getValue(i));
    }
    return b.build();
  }

  private static SampleBatch batch(List<Input> inputs, int scrape) {
    SampleBatch b = new SampleBatch();
    int i = 0;
    for (Input in : inputs) {
      b.add(
          in.family(),
          in.suffix(),
          in.type(),
          "help",
          in.row(),
          in.constant(),
          scrape * 1000 + i++);
    }
    return b;
  }

  /** The batch's families by name, each with its points in order. */
  private static String text(SampleBatch b) {
    StringBuilder out = new StringBuilder();
    List<SampleBatch.Family> families = new ArrayList<>(b.families());
    families.sort(java.util.Comparator.comparing(SampleBatch.Family::name));
    for (SampleBatch.Family f : families) {
      out.append(f.name()).append('\n');
      for (SampleBatch.Point p : f.points()) {
        out.append(p.suffix()).append(p.labels()).append(' ').append(p.value()).append('\n');
      }
    }
    return out.toString();
  }

  /**
   * The memos of a fleet hold no more than their budget: a datasource whose batch does not fit
   * keeps the orders of its families that came out of order only, outside the budget, and a memo
   * forgotten gives its room back.
   */
  @Test
  void memosHoldNoMoreThanTheirSharedBudget() {
    OrderMemo.Budget budget = new OrderMemo.Budget(4);
    OrderMemo first = new OrderMemo(budget);
    OrderMemo second = new OrderMemo(budget);
    for (int scrape = 0; scrape < 3; scrape++) {
      order(first);
      order(second);
    }
    assertThat(first.reused())
        .as("the first fits: a family of two points, and its name")
        .isEqualTo(2);
    assertThat(second.on()).as("the second does not").isFalse();
    assertThat(second.reused())
        .as("but keeps the order of its family, which came out of order, outside the budget")
        .isEqualTo(1);
    first.forget();
    OrderMemo third = new OrderMemo(budget);
    for (int scrape = 0; scrape < 2; scrape++) {
      order(third);
    }
    assertThat(third.reused()).isEqualTo(1);
  }

  /** An off memo keeps the orders of at most {@link OrderMemo#OFF_POINTS} points. */
  @Test
  void aMemoThatIsOffHoldsAFewThousandPointsAtMost() {
    for (int n : new int[] {OrderMemo.OFF_POINTS, OrderMemo.OFF_POINTS + 1}) {
      OrderMemo memo = new OrderMemo(new OrderMemo.Budget(0));
      Labels[] rows = new Labels[n];
      for (int i = 0; i < n; i++) {
        rows[i] = Labels.of("k", String.format("%05d", n - i));
      }
      for (int scrape = 0; scrape < 3; scrape++) {
        SampleBatch batch = new SampleBatch();
        for (Labels row : rows) {
          batch.add("x", "", MetricType.GAUGE, "h", row, DATASOURCE, scrape);
        }
        batch.order(memo);
        assertThat(batch.families().iterator().next().points().getFirst().label("k"))
            .isEqualTo("00001");
      }
      // Scrape 0 turns the memo off; scrape 1 keeps the order when it fits, which scrape 2 uses.
      assertThat(memo.reused()).as("%d points", n).isEqualTo(n == OrderMemo.OFF_POINTS ? 1 : 0);
    }
  }

  private static final Labels A = Labels.of("k", "a");
  private static final Labels B = Labels.of("k", "b");

  private static void order(OrderMemo memo) {
    SampleBatch batch = new SampleBatch();
    batch.add("x", "", MetricType.GAUGE, "h", B, DATASOURCE, 1);
    batch.add("x", "", MetricType.GAUGE, "h", A, DATASOURCE, 2);
    batch.order(memo);
    assertThat(batch.families().iterator().next().points())
        .extracting(p -> p.label("k"))
        .containsExactly("a", "b");
  }
}
