package io.dbscope.core.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeadlineTest {
  @Test
  void capIsTheSmallerOfTheLimitAndWhatIsLeft() {
    Deadline d = Deadline.in(Duration.ofSeconds(60));

    assertThat(d.cap(Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(5));
    assertThat(d.cap(Duration.ofMinutes(5))).isLessThanOrEqualTo(Duration.ofSeconds(60));
    assertThat(Deadline.in(Duration.ofSeconds(-1)).cap(Duration.ofSeconds(5))).isZero();
  }

  /** A wait timed to end at the deadline, its timeout rounded down to milliseconds, ends by it. */
  @Test
  void aDeadlineAFewMillisecondsAwayHasNearlyPassed() {
    assertThat(Deadline.in(Duration.ofMillis(2)).nearlyPassed()).isTrue();
    assertThat(Deadline.in(Duration.ZERO).nearlyPassed()).isTrue();
    assertThat(Deadline.in(Duration.ofSeconds(-1)).nearlyPassed()).isTrue();
    assertThat(Deadline.in(Duration.ofSeconds(60)).nearlyPassed()).isFalse();
    assertThat(Deadline.in(Duration.ofSeconds(60)).passed()).isFalse();
  }
}
