package io.dbscope.engine.postgres.analytics;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.engine.ServerFacts;
import io.dbscope.core.engine.Session;
import io.dbscope.core.engine.Target;
import io.dbscope.core.metrics.SampleBatch;
import io.dbscope.core.scrape.Deadline;
import io.dbscope.engine.postgres.PostgresEngine;
import io.dbscope.engine.sql.analytics.AnalyticsSettings;
import io.dbscope.engine.sql.analytics.KeysetPager;
import io.dbscope.testkit.PostgresFixture;
import io.prometheus.metrics.model.snapshots.Labels;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not a test: CPU time and allocation of one pg_stat_statements collection with 10,000
 * fingerprints, on the collecting thread (JDBC decoding included), and heap per tracked
 * fingerprint. Prints figures and asserts nothing. Excluded from the default build (tag {@code
 * bench}); run it with
 *
 * <pre>
 * ./mvnw -q -pl dbscope-engine-postgres test -Dtest=AnalyticsBench -Dsurefire.excludedGroups=none
 * </pre>
 */
@Tag("bench")
class AnalyticsBench {
  private static final int FINGERPRINTS = 10_000;
  private static final int ROUNDS = 10;

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  /** CPU nanoseconds, allocated bytes and wall nanoseconds of one run. */
  private record Cost(long cpu, long allocated, long wall) {}

  private static Cost measure(ThrowingRunnable r) throws Exception {
    long tid = Thread.currentThread().threadId();
    long cpu = THREADS.getCurrentThreadCpuTime();
    long alloc = THREADS.getThreadAllocatedBytes(tid);
    long wall = System.nanoTime();
    r.run();
    return new Cost(
        THREADS.getCurrentThreadCpuTime() - cpu,
        THREADS.getThreadAllocatedBytes(tid) - alloc,
        System.nanoTime() - wall);
  }

  private interface ThrowingRunnable {
    void run() throws Exception;
  }

  private static long usedAfterGc() throws InterruptedException {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(50);
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  private static void workload(Statement st, int from, int count) throws Exception {
    for (int n = from; n < from + count; n++) {
      try (ResultSet rs = st.executeQuery("SELECT c" + n / 100 + ", c" + n % 100 + " FROM wide")) {
        rs.next();
      }
    }
  }

  private static void print(String what, Cost[] costs) {
    long[] cpu = Arrays.stream(costs).mapToLong(Cost::cpu).sorted().toArray();
    long[] alloc = Arrays.stream(costs).mapToLong(Cost::allocated).sorted().toArray();
    long[] wall = Arrays.stream(costs).mapToLong(Cost::wall).sorted().toArray();
    System.out.printf(
        "%-44s cpu median %6.1f ms (max %6.1f)  alloc median %6.1f MB  wall median %6.1f ms%n",
        what,
        cpu[cpu.length / 2] / 1e6,
        cpu[cpu.length - 1] / 1e6,
        alloc[alloc.length / 2] / 1e6,
        wall[wall.length / 2] / 1e6);
  }

  private static java.util.List<String> columns(Session session) throws Exception {
    return session
        .run(
            "SELECT attname::text FROM pg_attribute WHERE attrelid = 'pg_stat_statements'::regclass"
                + " AND attnum > 0",
            Duration.ofSeconds(5))
        .rows()
        .stream()
        .map(r -> (String) r[0])
        .toList();
  }

  @Test
  void collectionOfTenThousandFingerprints() throws Exception {
    try (PostgresFixture pg =
            PostgresFixture.builder()
                .statStatements()
                .setting("pg_stat_statements.max", "20000")
                .start();
        EngineResources resources = EngineResources.create();
        Connection sql = pg.connect();
        Statement st = sql.createStatement()) {
      StringBuilder cols = new StringBuilder();
      for (int i = 0; i < 100; i++) {
        cols.append(i == 0 ? "" : ", ").append("c").append(i).append(" int DEFAULT ").append(i);
      }
      st.execute("CREATE EXTENSION pg_stat_statements");
      st.execute("CREATE TABLE wide (" + cols + ")");
      st.execute("INSERT INTO wide DEFAULT VALUES");
      workload(st, 0, FINGERPRINTS);

      DatasourceConfig cfg =
          DatasourceConfig.builder("bench", "postgres")
              .host(pg.host())
              .port(pg.port())
              .user(pg.user())
              .build();
      AnalyticsSettings settings =
          AnalyticsSettings.defaults().minInterval(Duration.ZERO).maxTracked(20_000).build();
      Labels labels = Labels.of("datasource", "bench");
      try (Target target = new PostgresEngine().open(cfg, resources);
          Session session = target.open(Duration.ofSeconds(5))) {
        ServerFacts facts = session.facts(Duration.ofSeconds(5));
        long heapBefore = usedAfterGc();
        PgStatementsCollector c = new PgStatementsCollector(settings, new Pg.TestClock());
        c.applies(facts, cfg);
        ThrowingRunnable collect =
            () ->
                c.collect(session, Deadline.in(Duration.ofSeconds(60)), labels, new SampleBatch());

        Cost first = measure(collect);
        long heapAfter = usedAfterGc();
        int tracked = c.statements("calls", Integer.MAX_VALUE).size();
        print("first collection, cold JVM (all texts)", new Cost[] {first});

        Cost[] steady = new Cost[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
          steady[i] = measure(collect);
        }
        print("steady, nothing changed", steady);

        Cost[] busy = new Cost[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
          workload(st, i * 1000, 1000);
          busy[i] = measure(collect);
        }
        print("1,000 of 10,000 fingerprints changed", busy);

        Cost[] fresh = new Cost[3];
        for (int i = 0; i < fresh.length; i++) {
          st.execute("SELECT pg_stat_statements_reset()");
          workload(st, 0, FINGERPRINTS);
          fresh[i] = measure(collect);
        }
        print("after pg_stat_statements_reset(), all re-run", fresh);

        Cost[] newDatasource = new Cost[3];
        for (int i = 0; i < newDatasource.length; i++) {
          PgStatementsCollector other = new PgStatementsCollector(settings, new Pg.TestClock());
          other.applies(facts, cfg);
          newDatasource[i] =
              measure(
                  () ->
                      other.collect(
                          session, Deadline.in(Duration.ofSeconds(60)), labels, new SampleBatch()));
        }
        print("first collection, warm JVM (all texts)", newDatasource);

        // the share of the JDBC read alone (driver and ResultRows), without any analytics
        PgStatementsQuery q =
            PgStatementsQuery.of("public", String.join(",", columns(session)), true, false);
        Cost[] raw = new Cost[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
          raw[i] =
              measure(
                  () ->
                      KeysetPager.readAll(
                          session,
                          Deadline.in(Duration.ofSeconds(60)),
                          Duration.ofSeconds(30),
                          PgStatementsCollector.PAGE,
                          "queryid",
                          (from, limit) -> q.page(from, limit, false)));
        }
        print("of which the JDBC read alone", raw);
        System.out.printf(
            "tracked fingerprints %d, heap %.1f MB, %.0f bytes per tracked fingerprint%n",
            tracked, (heapAfter - heapBefore) / 1e6, (heapAfter - heapBefore) / (double) tracked);
      }
    }
  }
}
