package io.dbscope.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The console's history rings: bounded, oldest first, averaged into buckets, gaps kept. */
class HistoryTest {

  @Test
  void keepsTheLastHourOnlyAndAveragesIntoBuckets() {
    History h = new History();
    for (int i = 0; i < History.POINTS + 10; i++) {
      h.record("pg", 1000 + i * 15L, new double[] {1, 0.5, i, Double.NaN, 7, 0});
    }
    History.Series full = h.series("pg", History.POINTS);
    assertThat(full.times()).hasSize(History.POINTS);
    assertThat(full.times().getFirst()).isEqualTo(1000 + 10 * 15L);
    assertThat(full.values().get("qps").getFirst()).isEqualTo(10.0);
    assertThat(full.values().get("tps")).containsOnlyNulls();
    History.Series spark = h.series("pg", 60);
    assertThat(spark.times()).hasSize(60);
    // Four points per bucket: 10, 11, 12, 13 average to 11.5.
    assertThat(spark.values().get("qps").getFirst()).isEqualTo(11.5);
    assertThat(h.latest("pg", 4)).isEqualTo(7.0);
    h.retain(Set.of("other"));
    assertThat(h.series("pg", 60).times()).isEmpty();
  }

  @Test
  void statementHistoryKeepsTheTenMostRecentlySeenAndGivesDeltas() {
    StatementHistory s = new StatementHistory();
    for (int fp = 0; fp < 12; fp++) {
      s.record("pg", "q" + fp, 100 + fp, 10, 1);
      s.record("pg", "q" + fp, 160 + fp, 25, 4);
    }
    assertThat(s.points("pg", "q0")).isEmpty();
    assertThat(s.points("pg", "q11")).containsExactly(new StatementHistory.Point(171, 15, 3));
  }
}
