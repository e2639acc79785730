package io.dbscope.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultRowsTest {
  @Test
  void columnNamesAreLowerCasedAndALowerCaseListIsKeptAsItIs() {
    List<Object[]> none = List.of();
    assertThat(ResultRows.of(List.of("Variable_name", "value", "ÉTAT"), none).columns())
        .containsExactly("variable_name", "value", "état");

    List<String> lower = List.of("key", "value");
    assertThat(ResultRows.of(lower, none).columns()).isSameAs(lower);

    List<String> mutable = new ArrayList<>(List.of("key"));
    List<String> columns = ResultRows.of(mutable, none).columns();
    mutable.set(0, "changed");
    assertThat(columns).containsExactly("key");
  }
}
