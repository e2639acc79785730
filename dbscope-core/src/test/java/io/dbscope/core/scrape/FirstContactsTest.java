package io.dbscope.core.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FirstContactsTest {
  private final FirstContacts contacts = new FirstContacts();
  private final AtomicInteger now = new AtomicInteger();
  private final AtomicInteger most = new AtomicInteger();

  /** A contact that takes {@code millis} and counts how many run at once. */
  private boolean contact(long millis, boolean ok) {
    most.accumulateAndGet(now.incrementAndGet(), Math::max);
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      now.decrementAndGet();
    }
    return ok;
  }

  private List<Thread> start(int n, String engine, Duration wait, long millis, boolean ok) {
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      threads.add(
          Thread.ofVirtual().start(() -> contacts.run(engine, wait, () -> contact(millis, ok))));
    }
    return threads;
  }

  private static void join(List<Thread> threads) throws InterruptedException {
    for (Thread t : threads) {
      t.join();
    }
  }

  @Test
  void untilAnEngineIsWarmItsContactsRunOneAtATimeAndAfterwardsTogether() throws Exception {
    // All eight start before the first contact ends: each waits for the one under way.
    join(start(8, "redis", Duration.ofSeconds(10), 50, true));
    assertThat(most.get()).isEqualTo(1);
    assertThat(contacts.warm("redis")).isTrue();

    CountDownLatch together = new CountDownLatch(4);
    List<Thread> warm = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      warm.add(
          Thread.ofVirtual()
              .start(
                  () ->
                      contacts.run(
                          "redis",
                          Duration.ZERO,
                          () -> {
                            together.countDown();
                            try {
                              return together.await(10, java.util.concurrent.TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                              return false;
                            }
                          })));
    }
    join(warm);
    assertThat(together.getCount()).isZero();
  }

  @Test
  void aFailedContactEndsTheWaitAsASuccessfulOneDoes() throws Exception {
    join(start(1, "postgres", Duration.ofSeconds(10), 10, false));
    assertThat(contacts.warm("postgres")).isTrue();
    assertThat(contacts.warm("mysql")).isFalse();
  }

  @Test
  void theFirstContactsOfAllEnginesRunOneAtATime() throws Exception {
    List<Thread> all = new ArrayList<>(start(3, "postgres", Duration.ofSeconds(10), 30, true));
    all.addAll(start(3, "redis", Duration.ofSeconds(10), 30, true));
    join(all);
    // All six started before any ended: one lock for every engine, so one contact at a time.
    assertThat(most.get()).isEqualTo(1);
    assertThat(contacts.warm("postgres")).isTrue();
    assertThat(contacts.warm("redis")).isTrue();
  }

  @Test
  void aContactThatHangsHoldsTheOthersOnlyForTheWait() throws Exception {
    start(1, "mysql", Duration.ofSeconds(10), 5_000, true);
    Thread.sleep(100);
    long start = System.nanoTime();
    join(start(1, "mysql", Duration.ofMillis(200), 0, true));
    // Well below the 5 s the first one hangs: the second went ahead after its wait.
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(3_000);
    assertThat(most.get()).isEqualTo(2);
  }
}
