package io.dbscope.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbscope.core.definition.Definition;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** An engine's built-in definitions loaded at first use, once. */
class DefinitionsTest {
  @Test
  void loadsAtTheFirstCallAndKeepsTheResult() {
    List<String> loads = new ArrayList<>();
    Supplier<List<Definition>> lazy =
        Definitions.lazily(
            () -> {
              loads.add("load");
              return new ArrayList<>();
            });

    assertThat(loads).isEmpty();
    List<Definition> first = lazy.get();
    assertThat(lazy.get()).isSameAs(first);
    assertThat(loads).hasSize(1);
  }

  @Test
  void aFailedLoadIsTriedAgainAndFailsAgain() {
    List<String> loads = new ArrayList<>();
    Supplier<List<Definition>> lazy =
        Definitions.lazily(
            () -> {
              loads.add("load");
              throw new IllegalStateException("definitions/x/index.txt lists y.yaml");
            });

    assertThatThrownBy(lazy::get).hasMessageContaining("index.txt");
    assertThatThrownBy(lazy::get).hasMessageContaining("index.txt");
    assertThat(loads).hasSize(2);
  }
}
