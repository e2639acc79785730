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

  @Test
  void theSameRowLabelsGiveTheSameObjectAgain() {
    LabelCache cache = new LabelCache();
    Labels first = cache.get(new String[] {"datname"}, new String[] {"app"});
    Labels again = cache.get(new String[] {"datname"}, new String[] {"app"});
    that(again).isSameAs(first);
    that(first).isEqualTo(Labels.of("datname", "app"));
    that(cache.get(new String[] {"datname"}, new String[] {"other"}))
        .isEqualTo(Labels.of("datname", "other"));
  }

  @Test
  void rowsFilledInOneArrayGetTheSetsThatSingleLookupsGet() {
    LabelCache cache = new LabelCache();
    String[] names = {"cmd", "le"};
    LabelCache.Rows rows = cache.rows(names);
    String[] values = rows.values();
    Labels[] seen = new Labels[3];
    String[][] data = {{"get", "1"}, {"set", "2"}, {"get", "1"}};
    for (int i = 0; i < data.length; i++) {
      values[0] = data[i][0];
      values[1] = data[i][1];
      seen[i] = rows.labels();
    }
    that(seen[0]).isEqualTo(Labels.of("cmd", "get", "le", "1"));
    that(seen[1]).isEqualTo(Labels.of("cmd", "set", "le", "2"));
    that(seen[2]).isSameAs(seen[0]);
    that(cache.get(new String[] {"cmd", "le"}, new String[] {"set", "2"})).isSameAs(seen[1]);
  }

  @Test
  void aSetTakenBackFromTheOldGenerationByARowIsNotChangedByTheNextRow() {
    LabelCache cache = new LabelCache();
    LabelCache.Rows rows = cache.rows(new String[] {"pid"});
    rows.values()[0] = "kept";
    Labels kept = rows.labels();
    // Into the old generation, then taken back into the young by the reused probe.
    for (int i = 0; i < LabelCache.GENERATION; i++) {
      cache.get(new String[] {"pid"}, new String[] {Integer.toString(i)});
    }
    rows.values()[0] = "kept";
    that(rows.labels()).isSameAs(kept);
    rows.values()[0] = "other";
    that(rows.labels()).isEqualTo(Labels.of("pid", "other"));
    that(cache.get(new String[] {"pid"}, new String[] {"kept"})).isSameAs(kept);
  }

  @Test
  void noRowLabelsAreTheEmptySet() {
    that(new LabelCache().get(new String[0], new String[0])).isSameAs(Labels.EMPTY);
  }

  @Test
  void theValuesOfAKeptSetAreTheSharedCopies() {
    LabelValues values = new LabelValues();
    LabelCache cache = new LabelCache(values);
    String a = new String("get");
    String b = new String("get");
    Labels one = cache.get(new String[] {"cmd"}, new String[] {a});
    Labels two = cache.get(new String[] {"cmd", "le"}, new String[] {b, "1"});
    assertThat(two.getValue(0)).isSameAs(one.getValue(0));
  }

  @Test
  void labelSetsThatNeverComeBackAreBoundedByTwoGenerations() {
    LabelCache cache = new LabelCache();
    for (int i = 0; i < 10 * LabelCache.GENERATION; i++) {
      cache.get(new String[] {"pid"}, new String[] {Integer.toString(i)});
    }
    assertThat(cache.size()).isLessThanOrEqualTo(2 * LabelCache.GENERATION);
    // A set used in every round survives the rotations.
    Labels kept = cache.get(new String[] {"pid"}, new String[] {"kept"});
    for (int round = 0; round < 5; round++) {
      for (int i = 0; i < LabelCache.GENERATION; i++) {
        cache.get(new String[] {"pid"}, new String[] {round + "-" + i});
      }
      that(cache.get(new String[] {"pid"}, new String[] {"kept"})).isSameAs(kept);
    }
  }

  @Test
  void eachUserAddsAGeneration() {
    LabelCache cache = new LabelCache();
    cache.addUser();
    cache.addUser();
    cache.addUser();
    for (int i = 0; i < 3 * LabelCache.GENERATION - 1; i++) {
      cache.get(new String[] {"pid"}, new String[] {Integer.toString(i)});
    }
    assertThat(cache.size()).isEqualTo(3 * LabelCache.GENERATION - 1);
  }
}
