package io.dbscope.core.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Backoff of failed connections; times are given, not waited for. */
class CircuitBreakerTest {
  private static final long S = Duration.ofSeconds(1).toNanos();
  private final CircuitBreaker breaker =
      new CircuitBreaker(Duration.ofSeconds(5), Duration.ofSeconds(60));

  @Test
  void closedUntilTheFirstFailure() {
    assertThat(breaker.isOpen(0)).isFalse();
    assertThat(breaker.remaining(0)).isZero();
  }

  @Test
  void backoffDoublesWithEachConsecutiveFailureUpToTheCap() {
    long now = 1_000 * S;
    long[] expected = {5, 10, 20, 40, 60, 60};
    for (long seconds : expected) {
      breaker.failure(now);

      assertThat(breaker.remaining(now)).isEqualTo(Duration.ofSeconds(seconds));
      assertThat(breaker.isOpen(now + seconds * S - 1)).isTrue();
      assertThat(breaker.isOpen(now + seconds * S)).isFalse();
      now += seconds * S;
    }
    assertThat(breaker.consecutiveFailures()).isEqualTo(expected.length);
  }

  @Test
  void manyFailuresDoNotOverflowTheBackoff() {
    for (int i = 0; i < 100; i++) {
      breaker.failure(i * S);
    }

    assertThat(breaker.remaining(99 * S)).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void halfOpenProbeThatFailsOpensForTwiceAsLong() {
    breaker.failure(0);
    // The backoff has passed: one scrape may try (half-open).
    assertThat(breaker.isOpen(5 * S)).isFalse();

    breaker.failure(5 * S);

    assertThat(breaker.isOpen(5 * S + 9 * S)).isTrue();
    assertThat(breaker.isOpen(5 * S + 10 * S)).isFalse();
  }

  @Test
  void successClosesAndTheNextFailureStartsFromTheBaseAgain() {
    breaker.failure(0);
    breaker.failure(5 * S);

    breaker.success();

    assertThat(breaker.isOpen(5 * S)).isFalse();
    assertThat(breaker.consecutiveFailures()).isZero();
    breaker.failure(20 * S);
    assertThat(breaker.remaining(20 * S)).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void worksAcrossTheSignChangeOfNanoTime() {
    long now = Long.MAX_VALUE - 2 * S;

    breaker.failure(now);

    assertThat(breaker.isOpen(now + 4 * S)).isTrue();
    assertThat(breaker.isOpen(now + 5 * S)).isFalse();
  }
}
