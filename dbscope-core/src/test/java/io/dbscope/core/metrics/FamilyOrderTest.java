package io.dbscope.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.snapshots.Labels;
import java.util.List;
import org.junit.jupiter.api.Test;

class FamilyOrderTest {

  private static SampleBatch batch(String datasource, String... commands) {
    SampleBatch b = new SampleBatch();
    for (String c : commands) {
      b.add(
          "redis_commands_total",
          MetricType.COUNTER,
          "Calls.",
          Labels.of("cmd", c, "datasource", datasource),
          1);
    }
    return b;
  }

  private static List<String> order(Exposition e) {
    return e.families().getFirst().points().stream()
        .map(p -> p.labels().get("datasource") + "/" + p.labels().get("cmd"))
        .toList();
  }

  @Test
  void eachDatasourceIsOneSortedBlockInTheOrderTheBatchesCame() {
    Exposition e =
        Exposition.builder()
            .add(batch("redis-b", "set", "get", "set"))
            .add(batch("redis-a", "info", "del"))
            .build();
    // Sorted whole, cmd (the first label) would interleave the datasources: del, get, info, set.
    assertThat(order(e))
        .containsExactly("redis-b/get", "redis-b/set", "redis-a/del", "redis-a/info");
    assertThat(e.duplicates()).isEqualTo(1);
  }

  @Test
  void aBlockWithAnotherDatasourcesSeriesSortsTheWholeFamilyAndDropsTheRepeat() {
    SampleBatch foreign = batch("redis-a", "info");
    foreign.add(
        "redis_commands_total",
        MetricType.COUNTER,
        "Calls.",
        Labels.of("cmd", "get", "datasource", "redis-b"),
        2);
    Exposition e = Exposition.builder().add(batch("redis-b", "get")).add(foreign).build();
    assertThat(order(e)).containsExactly("redis-b/get", "redis-a/info");
    assertThat(e.duplicates()).isEqualTo(1);
  }

  @Test
  void twoBatchesOfOneDatasourceAreSortedTogether() {
    Exposition e =
        Exposition.builder()
            .add(batch("redis-a", "set"))
            .add(batch("redis-a", "get", "set"))
            .build();
    assertThat(order(e)).containsExactly("redis-a/get", "redis-a/set");
    assertThat(e.duplicates()).isEqualTo(1);
  }

  @Test
  void samplesWithoutADatasourceSortTheWholeFamily() {
    SampleBatch process = new SampleBatch();
    process.add("redis_commands_total", MetricType.COUNTER, "Calls.", Labels.of("cmd", "aaa"), 1);
    Exposition e = Exposition.builder().add(batch("redis-a", "get")).add(process).build();
    assertThat(order(e)).containsExactly("null/aaa", "redis-a/get");
  }

  @Test
  void aHistogramIsOrderedPerSeriesWithinEachDatasourcesBlock() {
    Exposition e = Exposition.builder().add(histogram("redis-b")).add(histogram("redis-a")).build();
    List<String> written =
        e.families().getFirst().points().stream()
            .map(p -> p.labels().get("datasource") + p.suffix() + p.labels().get("le"))
            .toList();
    assertThat(written)
        .containsExactly(
            "redis-b_bucket1.0",
            "redis-b_bucket+Inf",
            "redis-b_countnull",
            "redis-b_sumnull",
            "redis-a_bucket1.0",
            "redis-a_bucket+Inf",
            "redis-a_countnull",
            "redis-a_sumnull");
  }

  private static SampleBatch histogram(String datasource) {
    SampleBatch b = new SampleBatch();
    Labels l = Labels.of("datasource", datasource);
    String n = "redis_latency_seconds";
    b.add(n, "_sum", MetricType.HISTOGRAM, "Latency.", l, 3);
    b.add(n, "_bucket", MetricType.HISTOGRAM, "Latency.", l.add("le", "+Inf"), 2);
    b.add(n, "_count", MetricType.HISTOGRAM, "Latency.", l, 2);
    b.add(n, "_bucket", MetricType.HISTOGRAM, "Latency.", l.add("le", "1.0"), 1);
    return b;
  }

  @Test
  void batchesTheirDatasourcesOrderedAreNotSortedAgainUnlessTwoHaveOneDatasource() {
    SampleBatch b = batch("redis-b", "set", "get").order();
    SampleBatch a = batch("redis-a", "info", "del").order();
    Exposition e = Exposition.builder().add(b).add(a).build();
    assertThat(order(e))
        .containsExactly("redis-b/get", "redis-b/set", "redis-a/del", "redis-a/info");
    SampleBatch again = batch("redis-b", "del").order();
    Exposition twice = Exposition.builder().add(b).add(a).add(again).build();
    // Sorted whole, as any family with a block not known to be its datasource's own.
    assertThat(order(twice))
        .containsExactly(
            "redis-a/del", "redis-b/del", "redis-b/get", "redis-a/info", "redis-b/set");
  }

  /**
   * A family found in order is left as it came; so {@link FamilyOrder#inOrder} may say so only when
   * sorting and dropping repeats would change nothing, and should for most such families (not for
   * neighbours with equal keys, such as the bounds {@code 1} and {@code 1.0}, which it leaves to
   * the sort): checked on random families of both kinds, with repeats, equal labels under other
   * suffixes and bounds written two ways.
   */
  @Test
  void aFamilyIsInOrderOnlyWhenSortingAndDroppingRepeatsWouldChangeNothing() {
    java.util.Random random = new java.util.Random(42);
    String[] cmds = {"del", "get", "set"};
    String[] bounds = {"0.5", "1", "1.0", "+Inf"};
    String[] suffixes = {"_bucket", "_count", "_sum"};
    int inOrder = 0;
    int unchangedCount = 0;
    for (int round = 0; round < 20_000; round++) {
      boolean histogram = random.nextBoolean();
      MetricType type = histogram ? MetricType.HISTOGRAM : MetricType.GAUGE;
      Labels constant = Labels.of("datasource", "redis-" + random.nextInt(2));
      List<SampleBatch.Point> points = new java.util.ArrayList<>();
      int n = random.nextInt(5);
      for (int k = 0; k < n; k++) {
        Labels row = Labels.of("cmd", cmds[random.nextInt(cmds.length)]);
        String suffix = "";
        if (histogram) {
          suffix = suffixes[random.nextInt(suffixes.length)];
          if (suffix.equals("_bucket")) {
            row = row.add("le", bounds[random.nextInt(bounds.length)]);
          }
        } else if (random.nextInt(4) == 0) {
          suffix = "_total";
        }
        points.add(new SampleBatch.Point(row, constant, k, suffix));
      }
      List<SampleBatch.Point> sorted = new java.util.ArrayList<>(points);
      FamilyOrder.sort(sorted, type);
      int dropped = FamilyOrder.dropRepeats(sorted);
      boolean unchanged = dropped == 0 && sorted.equals(points);
      boolean found = FamilyOrder.inOrder(points, type);
      if (found) {
        assertThat(unchanged).as("%s %s", type, points).isTrue();
        inOrder++;
      }
      unchangedCount += unchanged ? 1 : 0;
    }
    assertThat(inOrder).as("families found in order").isGreaterThan(unchangedCount * 9 / 10);
  }
}
