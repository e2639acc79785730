package io.dbscope.server.httpd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConnectionThreadsTest {
  @Test
  void theFirstConnectionsGetPlatformThreadsAndTheRestVirtualOnes() throws Exception {
    List<Thread> ran = new CopyOnWriteArrayList<>();
    CountDownLatch started = new CountDownLatch(3);
    CountDownLatch release = new CountDownLatch(1);
    try (ConnectionThreads threads = new ConnectionThreads("t-", 2)) {
      for (int i = 0; i < 3; i++) {
        threads.execute(
            () -> {
              ran.add(Thread.currentThread());
              started.countDown();
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
      }
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(ran.stream().filter(Thread::isVirtual)).hasSize(1);
      assertThat(ran.stream().filter(t -> !t.isVirtual()))
          .hasSize(2)
          .allSatisfy(t -> assertThat(t.isDaemon()).isTrue());
      assertThat(threads.platformInUse()).isEqualTo(2);
      release.countDown();
      for (Thread t : ran) {
        t.join(10_000);
      }
      assertThat(threads.platformInUse()).isZero();
      // A platform thread is free again for the next connection.
      CountDownLatch next = new CountDownLatch(1);
      List<Thread> again = new CopyOnWriteArrayList<>();
      threads.execute(
          () -> {
            again.add(Thread.currentThread());
            next.countDown();
          });
      assertThat(next.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(again.getFirst().isVirtual()).isFalse();
    }
  }

  @Test
  void closingInterruptsTheConnectionsAndRefusesNewOnes() throws Exception {
    CountDownLatch interrupted = new CountDownLatch(1);
    ConnectionThreads threads = new ConnectionThreads("t-", 1);
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
    threads.close();
    assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
    assertThatThrownBy(() -> threads.execute(() -> {}))
        .isInstanceOf(RejectedExecutionException.class);
  }
}
