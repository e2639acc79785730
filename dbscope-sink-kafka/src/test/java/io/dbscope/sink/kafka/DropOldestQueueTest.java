package io.dbscope.sink.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DropOldestQueueTest {

  @Test
  void aFullQueueDropsTheOldestAndSaysSo() throws InterruptedException {
    DropOldestQueue<String> q = new DropOldestQueue<>(2);

    assertThat(q.offer("a")).isFalse();
    assertThat(q.offer("b")).isFalse();
    assertThat(q.offer("c")).as("a was dropped").isTrue();

    assertThat(q.size()).isEqualTo(2);
    assertThat(q.poll(0, TimeUnit.MILLISECONDS)).isEqualTo("b");
    assertThat(q.poll(0, TimeUnit.MILLISECONDS)).isEqualTo("c");
    assertThat(q.poll(10, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void aRecordPutBackStaysTheOldestUnlessTheQueueFilledMeanwhile() throws InterruptedException {
    DropOldestQueue<String> q = new DropOldestQueue<>(2);
    q.offer("a");
    q.offer("b");
    String a = q.poll(0, TimeUnit.MILLISECONDS);

    assertThat(q.putBack(a)).isFalse();
    assertThat(q.poll(0, TimeUnit.MILLISECONDS)).isEqualTo("a");

    q.offer("c");
    assertThat(q.putBack("a")).as("full: the oldest, a, is the one dropped").isTrue();
    assertThat(q.poll(0, TimeUnit.MILLISECONDS)).isEqualTo("b");
  }

  @Test
  void pollWakesUpWhenAnElementArrives() throws InterruptedException {
    DropOldestQueue<String> q = new DropOldestQueue<>(4);
    Thread.ofVirtual().start(() -> q.offer("late"));

    assertThat(q.poll(10, TimeUnit.SECONDS)).isEqualTo("late");
  }

  @Test
  void aQueueHoldsAtLeastOne() {
    assertThatThrownBy(() -> new DropOldestQueue<String>(0))
        .hasMessage("capacity must be at least 1, not 0");
  }
}
