package io.dbscope.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConcatenationTest {
  @Test
  void readsThePartsInOrderSkippingEmptyOnes() {
    List<List<String>> parts = List.of(List.of("a", "b"), List.of(), List.of("c"), List.of());
    Concatenation<String> all = new Concatenation<>(parts);
    assertThat(all).containsExactly("a", "b", "c");
    assertThat(new ArrayList<>(all)).containsExactly("a", "b", "c");
    assertThat(all.get(2)).isEqualTo("c");
    assertThat(all).hasSize(3);
    assertThat(new Concatenation<String>(List.of(List.of()))).isEmpty();
    assertThatThrownBy(() -> all.get(3)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> all.add("d")).isInstanceOf(UnsupportedOperationException.class);
  }
}
