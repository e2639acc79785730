package io.dbscope.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.SetParams;

/**
 * A small, bounded workload for the demo databases, so that the dashboards show movement: a few
 * statements every 200 ms per database, for at most {@code duration}. Not a benchmark. Here and not
 * in dbscope-demo because the test proving the dashboards (dbscope-server's
 * PrometheusIntegrationTest) runs it too, and the server cannot depend on the demo.
 *
 * <pre>{@code
 * try (DemoWorkload w = new DemoWorkload(Duration.ofMinutes(5))) { w.redis("r", host, port); ... }
 * }</pre>
 */
public final class DemoWorkload implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DemoWorkload.class);
  private final List<Thread> threads = new ArrayList<>();
  private final long endNanos;
  private volatile boolean stopped;

  public DemoWorkload(Duration duration) {
    this.endNanos = System.nanoTime() + duration.toNanos();
  }

  /** Orders table: inserts, point reads, updates and an occasional rollback. */
  public void sql(String name, String jdbcUrl, String user, String password) {
    start(
        name,
        () -> {
          try (Connection c = DriverManager.getConnection(jdbcUrl, user, password)) {
            try (Statement st = c.createStatement()) {
              st.execute(
                  "CREATE TABLE IF NOT EXISTS demo_orders (id INT PRIMARY KEY, amount DECIMAL(10,2), status VARCHAR(16))");
              st.execute("DELETE FROM demo_orders");
            }
            int id = 0;
            try (PreparedStatement ins =
                    c.prepareStatement("INSERT INTO demo_orders VALUES (?, ?, 'new')");
                PreparedStatement sel =
                    c.prepareStatement("SELECT amount, status FROM demo_orders WHERE id = ?");
                PreparedStatement upd =
                    c.prepareStatement("UPDATE demo_orders SET status = 'paid' WHERE id = ?")) {
              while (running()) {
                ThreadLocalRandom r = ThreadLocalRandom.current();
                ins.setInt(1, ++id);
                ins.setDouble(2, r.nextInt(1, 100_000) / 100.0);
                ins.executeUpdate();
                for (int i = 0; i < 5; i++) {
                  sel.setInt(1, r.nextInt(1, id + 1));
                  sel.executeQuery().close();
                }
                upd.setInt(1, r.nextInt(1, id + 1));
                upd.executeUpdate();
                if (id % 50 == 0) {
                  c.setAutoCommit(false);
                  c.createStatement().execute("DELETE FROM demo_orders WHERE id = " + id);
                  c.rollback();
                  c.setAutoCommit(true);
                }
                pause();
              }
            }
          }
        });
  }

  /** Keys in two databases, reads that hit and miss, keys that expire. */
  public void redis(String name, String host, int port) {
    start(
        name,
        () -> {
          try (Jedis j = new Jedis(host, port)) {
            int n = 0;
            while (running()) {
              ThreadLocalRandom r = ThreadLocalRandom.current();
              j.select(0);
              j.set("order:" + (++n % 500), String.valueOf(r.nextInt(1000)));
              j.get("order:" + r.nextInt(600));
              j.incr("orders:count");
              j.select(1);
              j.set("session:" + r.nextInt(200), "x", SetParams.setParams().ex(60));
              pause();
            }
          }
        });
  }

  private interface Job {
    void run() throws Exception;
  }

  private void start(String name, Job job) {
    Thread t =
        Thread.ofVirtual()
            .name("demo-workload-" + name)
            .start(
                () -> {
                  try {
                    job.run();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  } catch (SQLException | RuntimeException e) {
                    if (!stopped) {
                      log.warn("demo workload on {} stopped: {}", name, e.getMessage());
                    }
                  } catch (Exception e) {
                    log.warn("demo workload on {} stopped: {}", name, e.toString());
                  }
                });
    threads.add(t);
  }

  private boolean running() {
    return !stopped && System.nanoTime() < endNanos && !Thread.currentThread().isInterrupted();
  }

  private static void pause() throws InterruptedException {
    Thread.sleep(200);
  }

  @Override
  public void close() {
    stopped = true;
    threads.forEach(Thread::interrupt);
    for (Thread t : threads) {
      try {
        t.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
