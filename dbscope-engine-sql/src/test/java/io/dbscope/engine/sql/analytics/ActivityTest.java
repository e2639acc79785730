package io.dbscope.engine.sql.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.dbscope.core.metrics.MetricType;
import io.dbscope.core.metrics.SampleBatch;
import io.prometheus.metrics.model.snapshots.Labels;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Activity metrics from literal sessions, and the once-only filter for events. */
class ActivityTest {
  private static final double NaN = Double.NaN;
  private static final Labels DS = Labels.of("datasource", "pg");

  private static SessionActivity running(String id, double age, String wait) {
    return new SessionActivity(
        id, true, 1000 - age, age, 1000 - age, age, false, NaN, wait, "Lock".equals(wait));
  }

  private static SessionActivity idleInTx(String id, double txAge, double idle) {
    return new SessionActivity(id, false, NaN, NaN, 1000 - txAge, txAge, true, idle, null, false);
  }

  private static Map<String, Double> samples(SampleBatch b) {
    Map<String, Double> out = new HashMap<>();
    for (SampleBatch.Family f : b.families()) {
      for (SampleBatch.Point p : f.points()) {
        StringBuilder key = new StringBuilder(p.name(f.name()));
        for (int i = 0; i < p.labels().size(); i++) {
          if (!p.labels().getName(i).equals("datasource")) {
            key.append('{')
                .append(p.labels().getName(i))
                .append('=')
                .append(p.labels().getValue(i))
                .append('}');
          }
        }
        out.put(key.toString(), p.value());
      }
    }
    return out;
  }

  @Test
  void countsOldestAndHistograms() {
    AnalyticsSettings s =
        AnalyticsSettings.defaults()
            .checkSlowSQL(true)
            .slowSqlTime(Duration.ofSeconds(10))
            .longTransactionTime(Duration.ofSeconds(60))
            .build();
    ActivitySummary a =
        ActivitySummary.of(
            List.of(
                running("1", 0.5, null),
                running("2", 12, "Lock"),
                running("3", 400, "IO"),
                idleInTx("4", 90, 80)),
            s);
    assertThat(a.slow()).isEqualTo(2);
    assertThat(a.longTransactions()).isEqualTo(2);
    assertThat(a.idleInTransaction()).isEqualTo(1);
    assertThat(a.lockWaiting()).isEqualTo(1);

    SampleBatch b = new SampleBatch();
    a.export("pg", DS, b);
    Map<String, Double> m = samples(b);
    assertThat(m)
        .containsEntry("pg_slow_queries", 2.0)
        .containsEntry("pg_slow_query_threshold_seconds", 10.0)
        .containsEntry("pg_active_query_oldest_seconds", 400.0)
        .containsEntry("pg_transaction_oldest_seconds", 400.0)
        .containsEntry("pg_idle_in_transaction_oldest_seconds", 80.0)
        .containsEntry("pg_lock_waiting_sessions", 1.0)
        .containsEntry("pg_active_query_age_seconds_count", 3.0)
        .containsEntry("pg_active_query_age_seconds_sum", 412.5)
        .containsEntry("pg_transaction_age_seconds_count", 4.0);
    assertThat(m.get("pg_active_query_age_seconds_bucket{le=1}")).isEqualTo(1.0);
    assertThat(m.get("pg_active_query_age_seconds_bucket{le=10}")).isEqualTo(1.0);
    assertThat(m.get("pg_active_query_age_seconds_bucket{le=30}")).isEqualTo(2.0);
    assertThat(m.get("pg_active_query_age_seconds_bucket{le=300}")).isEqualTo(2.0);
    assertThat(m.get("pg_active_query_age_seconds_bucket{le=600}")).isEqualTo(3.0);
    assertThat(m.get("pg_active_query_age_seconds_bucket{le=+Inf}")).isEqualTo(3.0);
    assertThat(m.get("pg_transaction_age_seconds_bucket{le=60}")).isEqualTo(2.0);
    assertThat(m.get("pg_waiting_sessions{wait_event_type=Lock}")).isEqualTo(1.0);
    assertThat(m.get("pg_waiting_sessions{wait_event_type=IO}")).isEqualTo(1.0);
    assertThat(b.families())
        .filteredOn(f -> f.name().endsWith("_age_seconds"))
        .extracting(SampleBatch.Family::name, SampleBatch.Family::type)
        .containsExactlyInAnyOrder(
            tuple("pg_active_query_age_seconds", MetricType.GAUGE_HISTOGRAM),
            tuple("pg_transaction_age_seconds", MetricType.GAUGE_HISTOGRAM));
  }

  @Test
  void withoutCheckSlowSqlThereAreNoSlowQueryFamiliesAndZerosWhenIdle() {
    SampleBatch b = new SampleBatch();
    ActivitySummary.of(List.of(), AnalyticsSettings.defaults().build()).export("mysql", DS, b);
    Map<String, Double> m = samples(b);
    assertThat(m).doesNotContainKey("mysql_slow_queries");
    assertThat(m)
        .containsEntry("mysql_active_query_oldest_seconds", 0.0)
        .containsEntry("mysql_long_transactions", 0.0)
        .containsEntry("mysql_active_query_age_seconds_count", 0.0);
    assertThat(m.keySet()).noneMatch(k -> k.startsWith("mysql_waiting_sessions"));
  }

  @Test
  void eachStatementIsReportedOnceWhileItRuns() {
    OnceFilter once = new OnceFilter(0);
    once.begin();
    assertThat(once.seen("7", 100.0)).isFalse();
    once.mark("7", 100.0);
    once.end();

    once.begin();
    assertThat(once.seen("7", 100.0)).isTrue();
    once.end();

    // the same session runs a new statement: reported again
    once.begin();
    assertThat(once.seen("7", 160.0)).isFalse();
    once.mark("7", 160.0);
    once.end();

    // not seen in a poll: forgotten
    once.begin();
    once.end();
    assertThat(once.size()).isZero();
  }

  @Test
  void startsThatJitterWithinTheToleranceAreTheSameStatement() {
    OnceFilter once = new OnceFilter(2);
    once.begin();
    once.mark("9", 100.0);
    once.end();
    once.begin();
    assertThat(once.seen("9", 101.0)).isTrue();
    assertThat(once.seen("9", 103.5)).isFalse();
    once.end();
  }
}
