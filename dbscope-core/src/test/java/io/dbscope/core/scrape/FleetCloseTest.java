package io.dbscope.core.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.engine.Session;
import io.dbscope.core.engine.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A fleet closes its datasources all at once: each target here finishes closing only once every
 * other one has begun, which closing them one after the other never reaches.
 */
class FleetCloseTest {
  private static final int SIZE = 3;

  /** A target whose close waits until all of the fleet's closes have begun. */
  private record SlowToClose(CountDownLatch begun, AtomicInteger closedAfterAll) implements Target {
    @Override
    public Session open(Duration timeout) {
      throw new UnsupportedOperationException("never opened here");
    }

    @Override
    public void close() {
      begun.countDown();
      try {
        if (begun.await(5, TimeUnit.SECONDS)) {
          closedAfterAll.incrementAndGet();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static Fleet fleet(String prefix, CountDownLatch begun, AtomicInteger closed) {
    ScriptedEngine engine = new ScriptedEngine(ScriptedEngine.definition("c", Duration.ZERO));
    List<MonitoredDatasource> ds = new ArrayList<>();
    for (int i = 0; i < SIZE; i++) {
      ds.add(
          new MonitoredDatasource(
              DatasourceConfig.builder(prefix + i, "scripted").build(),
              engine,
              new SlowToClose(begun, closed)));
    }
    return new Fleet(ds);
  }

  @Test
  void closingAFleetClosesItsDatasourcesAtOnce() {
    CountDownLatch begun = new CountDownLatch(SIZE);
    AtomicInteger closed = new AtomicInteger();

    fleet("a", begun, closed).close();

    assertThat(closed).as("closes that saw every other one begun").hasValue(SIZE);
  }

  @Test
  void aReloadClosesTheDatasourcesItDroppedAtOnce() {
    CountDownLatch begun = new CountDownLatch(SIZE);
    AtomicInteger closed = new AtomicInteger();
    Fleet old = fleet("a", begun, closed);
    Fleet successor = new Fleet(List.of());

    old.closeAllBut(successor);

    assertThat(closed).hasValue(SIZE);
  }
}
