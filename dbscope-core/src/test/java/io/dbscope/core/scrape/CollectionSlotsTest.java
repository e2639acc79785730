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
    // Held by a thread that then waits, as a collection waiting on a hanging database does.
    java.util.concurrent.CompletableFuture<CollectionSlots.Slot> holding =
        new java.util.concurrent.CompletableFuture<>();
    java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                holding.complete(slots.take(LATER).orElseThrow());
                done.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    CollectionSlots.Slot hanging = holding.get();
    Taken t = take(slots, Deadline.in(Duration.ofSeconds(30)));
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
    done.countDown();
  }

  /**
   * A holder past its lease that is still running (computing, or queued for a core) keeps its slot;
   * once it parks, waiting on its database, the slot lapses.
   */
  @Test
  void aSlotPastItsLeaseCountsWhileItsThreadStillRuns() throws Exception {
    CollectionSlots slots = new CollectionSlots(1, Duration.ofMillis(100));
    java.util.concurrent.CountDownLatch taken = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.atomic.AtomicBoolean spin =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    java.util.concurrent.CountDownLatch park = new java.util.concurrent.CountDownLatch(1);
    Thread busy =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    slots.take(Deadline.in(Duration.ofSeconds(30))).orElseThrow();
                    taken.countDown();
                    while (spin.get()) {
                      Thread.onSpinWait();
                    }
                    park.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
    try {
      taken.await();
      assertThat(take(slots, Deadline.in(Duration.ofMillis(400))).slot())
          .as("the runnable holder keeps its slot past the lease")
          .isEmpty();
      spin.set(false);
      Taken t = take(slots, Deadline.in(Duration.ofSeconds(30)));
      assertThat(t.slot()).as("parked, it lapses").isPresent();
      assertThat(t.waited()).isLessThan(Duration.ofSeconds(5));
    } finally {
      spin.set(false);
      park.countDown();
      busy.join();
    }
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
