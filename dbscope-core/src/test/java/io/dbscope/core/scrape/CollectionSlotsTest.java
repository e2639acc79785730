package io.dbscope.core.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CollectionSlotsTest {
  private static final Deadline LATER = Deadline.in(Duration.ofSeconds(30));

  @Test
  void noMoreThanTheLimitAtOnce() throws Exception {
    CollectionSlots slots = new CollectionSlots(2, Duration.ofSeconds(30));
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> all = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        all.add(
            threads.submit(
                () -> {
                  CollectionSlots.Slot s = slots.take(LATER).orElseThrow();
                  try {
                    most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    Thread.sleep(30);
                    inside.decrementAndGet();
                  } finally {
                    s.close();
                  }
                  return null;
                }));
      }
      for (Future<?> f : all) {
        f.get();
      }
    }
    assertThat(most.get()).isEqualTo(2);
    assertThat(slots.inUse()).isZero();
  }

  @Test
  void aSlotHeldPastItsLeaseNoLongerCounts() throws Exception {
    CollectionSlots slots = new CollectionSlots(1, Duration.ofMillis(200));
    CollectionSlots.Slot hanging = slots.take(LATER).orElseThrow();
    Taken t = take(slots, LATER);
    Optional<CollectionSlots.Slot> next = t.slot();
    assertThat(next).isPresent();
    assertThat(t.waited())
        .isGreaterThanOrEqualTo(Duration.ofMillis(150))
        .isLessThan(Duration.ofSeconds(5));
    // The lapsed slot, given back late, does not free the one its successor holds.
    hanging.close();
    assertThat(slots.inUse()).isEqualTo(1);
    assertThat(slots.take(Deadline.in(Duration.ofMillis(50)))).isEmpty();
    next.get().close();
    assertThat(slots.inUse()).isZero();
  }

  @Test
  void emptyWhenTheDeadlinePassesFirst() throws Exception {
    CollectionSlots slots = new CollectionSlots(1, Duration.ofSeconds(30));
    CollectionSlots.Slot held = slots.take(LATER).orElseThrow();
    Taken t = take(slots, Deadline.in(Duration.ofMillis(100)));
    assertThat(t.slot()).isEmpty();
    assertThat(t.waited()).isLessThan(Duration.ofSeconds(5));
    assertThat(slots.starved()).isEqualTo(1);
    held.close();
    assertThat(slots.take(Deadline.in(Duration.ofMillis(100)))).isPresent();
  }

  private record Taken(Optional<CollectionSlots.Slot> slot, Duration waited) {}

  private static Taken take(CollectionSlots slots, Deadline deadline) throws InterruptedException {
    long t0 = System.nanoTime();
    Optional<CollectionSlots.Slot> s = slots.take(deadline);
    return new Taken(s, Duration.ofNanos(System.nanoTime() - t0));
  }
}
