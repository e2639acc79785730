package io.dbscope.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.snapshots.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LabelOrderTest {
  /**
   * The allocation-free comparison orders label sets as client_java orders them once the bound
   * label is removed: checked on random sets that differ in names, values, length and in whether
   * they have the bound at all.
   */
  @Test
  void compareWithoutAgreesWithLabelsWithoutTheBound() {
    Random r = new Random(7);
    String[] names = {"cmd", "datasource", "db", "le", "zone"};
    String[] values = {"", "a", "b", "get", "set", "+Inf", "0.5"};
    List<Labels> sets = new ArrayList<>();
    for (int n = 0; n < 300; n++) {
      Labels.Builder b = Labels.builder();
      for (String name : names) {
        if (r.nextInt(3) > 0) {
          b.label(name, values[r.nextInt(values.length)]);
        }
      }
      sets.add(b.build());
    }
    for (Labels a : sets) {
      for (Labels b : sets) {
        int expected =
            Integer.signum(Histograms.without(a, "le").compareTo(Histograms.without(b, "le")));
        int actual =
            Integer.signum(LabelOrder.compareWithout(a, index(a, "le"), b, index(b, "le")));
        assertThat(actual).as("%s vs %s", a, b).isEqualTo(expected);
        assertThat(Integer.signum(LabelOrder.compare(a, b)))
            .as("%s vs %s", a, b)
            .isEqualTo(Integer.signum(a.compareTo(b)));
      }
    }
  }

  private static int index(Labels l, String name) {
    for (int i = 0; i < l.size(); i++) {
      if (l.getName(i).equals(name)) {
        return i;
      }
    }
    return -1;
  }
}
