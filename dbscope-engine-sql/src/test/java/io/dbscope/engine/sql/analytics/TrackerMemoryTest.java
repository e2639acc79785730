package io.dbscope.engine.sql.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.sql.SqlDialect;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Heap per tracked fingerprint, measured (JOL is not available): the used heap after full GCs with
 * and without 20,000 tracked fingerprints of a PostgreSQL-sized schema (12 fields) and 200
 * characters of text each. Prints the figure for docs/benchmarks.md.
 */
class TrackerMemoryTest {
  private static final int N = 20_000;

  static StatementSchema pgSized() {
    List<StatementField> fields = new ArrayList<>();
    fields.add(StatementField.counter("calls", "x_calls_total", "."));
    fields.add(StatementField.counter("total_time_seconds", "x_time_total", "."));
    for (int i = 0; i < 7; i++) {
      fields.add(StatementField.counter("c" + i, "x_c" + i + "_total", "."));
    }
    for (int i = 0; i < 3; i++) {
      fields.add(StatementField.gauge("g" + i, "x_g" + i, "."));
    }
    return new StatementSchema(
        "x",
        "x_statements_total",
        "queryid",
        "database",
        "user",
        SqlDialect.POSTGRES,
        fields,
        List.of());
  }

  static List<StatementSnapshot> read(int n, int round, boolean text) {
    Random r = new Random(42);
    List<StatementSnapshot> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      double[] v = new double[12];
      for (int j = 0; j < v.length; j++) {
        v[j] = 1000 + i + round * (j + 1);
      }
      String id = Long.toString(r.nextLong());
      String t = text ? ("SELECT c" + i + ", " + "x".repeat(190)).substring(0, 200) : null;
      out.add(
          new StatementSnapshot(
              new StatementKey(id, "shop" + (i % 3), "app" + (i % 5)), t, v, Double.NaN));
    }
    return out;
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

  @Test
  void aTrackedFingerprintTakesUnderTwoKilobytes() throws Exception {
    AnalyticsSettings s = AnalyticsSettings.defaults().maxTracked(N).build();
    long before = usedAfterGc();
    StatementAnalytics a = new StatementAnalytics(pgSized(), s);
    a.update(0, StatsEpoch.unknown(), read(N, 0, true));
    a.update(60_000, StatsEpoch.unknown(), read(N, 1, false));
    long after = usedAfterGc();
    double perFingerprint = (after - before) / (double) N;
    System.out.printf(
        "heap per tracked fingerprint: %.0f bytes (%d fingerprints)%n", perFingerprint, N);
    assertThat(a.statements("calls", 1)).hasSize(1);
    assertThat(perFingerprint).isLessThan(2048);
  }
}
