package io.dbscope.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.snapshots.Labels;
import org.assertj.core.api.ObjectAssert;
import org.junit.jupiter.api.Test;

class LabelCacheTest {
  /** Labels is both Comparable and Iterable, which makes assertThat ambiguous. */
  private static ObjectAssert<Object> that(Labels l) {
    return assertThat((Object) l);
  }

  private final Labels datasource = Labels.of("datasource", "pg", "env", "prod");

  @Test
  void theSameRowLabelsGiveTheSameObjectAgain() {
    LabelCache cache = new LabelCache();
    Labels first = cache.get(datasource, new String[] {"datname"}, new String[] {"app"});
    Labels again = cache.get(datasource, new String[] {"datname"}, new String[] {"app"});
    that(again).isSameAs(first);
    that(first).isEqualTo(Labels.of("datasource", "pg", "env", "prod", "datname", "app"));
    that(cache.get(datasource, new String[] {"datname"}, new String[] {"other"}))
        .isEqualTo(Labels.of("datasource", "pg", "env", "prod", "datname", "other"));
  }

  @Test
  void aRowLabelWinsOverAConstantLabelOfTheSameName() {
    Labels l = new LabelCache().get(datasource, new String[] {"env"}, new String[] {"row"});
    that(l).isEqualTo(Labels.of("datasource", "pg", "env", "row"));
  }

  @Test
  void noRowLabelsAreTheConstantLabels() {
    that(new LabelCache().get(datasource, new String[0], new String[0])).isSameAs(datasource);
  }

  @Test
  void otherConstantLabelsAreAnotherEntry() {
    LabelCache cache = new LabelCache();
    Labels other = Labels.of("datasource", "mysql");
    cache.get(datasource, new String[] {"db"}, new String[] {"a"});
    that(cache.get(other, new String[] {"db"}, new String[] {"a"}))
        .isEqualTo(Labels.of("datasource", "mysql", "db", "a"));
  }

  @Test
  void labelSetsThatNeverComeBackAreBoundedByTwoGenerations() {
    LabelCache cache = new LabelCache();
    for (int i = 0; i < 10 * LabelCache.GENERATION; i++) {
      cache.get(datasource, new String[] {"pid"}, new String[] {Integer.toString(i)});
    }
    assertThat(cache.size()).isLessThanOrEqualTo(2 * LabelCache.GENERATION);
    // A set used in every round survives the rotations.
    Labels kept = cache.get(datasource, new String[] {"pid"}, new String[] {"kept"});
    for (int round = 0; round < 5; round++) {
      for (int i = 0; i < LabelCache.GENERATION; i++) {
        cache.get(datasource, new String[] {"pid"}, new String[] {round + "-" + i});
      }
      that(cache.get(datasource, new String[] {"pid"}, new String[] {"kept"})).isSameAs(kept);
    }
  }
}
