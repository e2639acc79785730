package io.dbscope.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PlatformFirstThreadsTest {
  /** A task that notes its thread, says it started and holds it until released. */
  private static Runnable holding(
      List<Thread> ran, CountDownLatch started, CountDownLatch release) {
    return () -> {
      ran.add(Thread.currentThread());
      started.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
  }

  @Test
  void theFirstTasksGetPlatformThreadsAndTheRestVirtualOnes() throws Exception {
    List<Thread> ran = new CopyOnWriteArrayList<>();
    CountDownLatch started = new CountDownLatch(3);
    CountDownLatch release = new CountDownLatch(1);
    PlatformFirstThreads threads = new PlatformFirstThreads("t-", 2, Duration.ofMinutes(1));
    try {
      for (int i = 0; i < 3; i++) {
        threads.execute(holding(ran, started, release));
      }
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(ran.stream().filter(Thread::isVirtual)).hasSize(1);
      assertThat(ran.stream().filter(t -> !t.isVirtual()))
          .hasSize(2)
          .allSatisfy(t -> assertThat(t.isDaemon()).isTrue());
      assertThat(threads.platformInUse()).isEqualTo(2);
      release.countDown();
      awaitIdle(threads);
      assertThat(threads.platformInUse()).isZero();
      // A platform thread is free again for the next task.
      CountDownLatch next = new CountDownLatch(1);
      List<Thread> again = new CopyOnWriteArrayList<>();
      threads.execute(
          () -> {
            again.add(Thread.currentThread());
            next.countDown();
          });
      assertThat(next.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(again.getFirst().isVirtual()).isFalse();
    } finally {
      threads.shutdown();
    }
    assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    assertThat(threads.isTerminated()).isTrue();
  }

  /** As in a fleet's scrape: a task that starts while others run is virtual. */
  @Test
  void aTaskStartedWhileOthersRunIsVirtual() throws Exception {
    PlatformFirstThreads threads = new PlatformFirstThreads("t-", 1, Duration.ofMinutes(1));
    CountDownLatch release = new CountDownLatch(1);
    List<Thread> ran = new CopyOnWriteArrayList<>();
    try {
      runOne(threads, ran);
      CountDownLatch started = new CountDownLatch(2);
      for (int i = 0; i < 2; i++) {
        threads.execute(holding(ran, started, release));
      }
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(ran.get(0).isVirtual()).isFalse();
      assertThat(ran.subList(1, 3).stream().filter(Thread::isVirtual)).hasSize(1);
    } finally {
      release.countDown();
      threads.shutdown();
    }
    assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  private static void awaitIdle(PlatformFirstThreads threads) {
    while (threads.running() > 0) {
      Thread.onSpinWait();
    }
  }

  /** Runs a task that notes its thread, and waits until it ended and nothing runs. */
  private static void runOne(PlatformFirstThreads threads, Collection<Thread> ran)
      throws InterruptedException {
    CountDownLatch done = new CountDownLatch(1);
    threads.execute(
        () -> {
          ran.add(Thread.currentThread());
          done.countDown();
        });
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    awaitIdle(threads);
  }

  /** One task after the other: the same few threads, not a thread made for each. */
  @Test
  void platformThreadsAreKeptForTheNextTasks() throws Exception {
    PlatformFirstThreads threads = new PlatformFirstThreads("t-", 1, Duration.ofMinutes(1));
    Set<Thread> used = ConcurrentHashMap.newKeySet();
    try {
      for (int i = 0; i < 20; i++) {
        runOne(threads, used);
      }
      assertThat(used).noneMatch(Thread::isVirtual).hasSizeLessThanOrEqualTo(2);
    } finally {
      threads.shutdown();
    }
  }

  @Test
  void anIdlePlatformThreadEndsAfterItsKeepAlive() throws Exception {
    PlatformFirstThreads threads = new PlatformFirstThreads("t-", 1, Duration.ofMillis(50));
    List<Thread> ran = new CopyOnWriteArrayList<>();
    try {
      runOne(threads, ran);
      assertThat(ran.getFirst().join(Duration.ofSeconds(10))).isTrue();
    } finally {
      threads.shutdown();
    }
  }

  @Test
  void shutdownNowInterruptsTheTasksAndRefusesNewOnes() throws Exception {
    CountDownLatch interrupted = new CountDownLatch(1);
    PlatformFirstThreads threads = new PlatformFirstThreads("t-", 1, Duration.ofMinutes(1));
    threads.execute(
        () -> {
          try {
            Thread.sleep(60_000);
          } catch (InterruptedException e) {
            interrupted.countDown();
          }
        });
    while (threads.platformInUse() == 0) {
      Thread.onSpinWait();
    }
    threads.shutdownNow();
    assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
    assertThatThrownBy(() -> threads.execute(() -> {}))
        .isInstanceOf(RejectedExecutionException.class);
  }
}
