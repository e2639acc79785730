package io.dbscope.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The scrape's own work, done once, by whichever comes first; its failure is the scrape's. */
class MeanwhileTest {
  @Test
  void runsOnceWhoeverAsks() {
    AtomicInteger runs = new AtomicInteger();
    Meanwhile m =
        new Meanwhile(
            () -> {
              runs.incrementAndGet();
              try {
                Thread.sleep(2);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    assertThat(m.spentNanos()).isZero();
    m.run();
    m.run();
    m.finish();
    assertThat(runs).hasValue(1);
    assertThat(m.spentNanos()).isGreaterThanOrEqualTo(2_000_000L);
  }

  @Test
  void aFailureDoesNotFailTheCollectionThatRanItButTheScrapeThatFinishesIt() {
    Meanwhile m =
        new Meanwhile(
            () -> {
              throw new IllegalStateException("no figures");
            });
    m.run();
    assertThatThrownBy(m::finish)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no figures");
  }

  @Test
  void noneHasNothingToDo() {
    Meanwhile.NONE.run();
    Meanwhile.NONE.finish();
    assertThat(Meanwhile.NONE.spentNanos()).isZero();
  }
}
