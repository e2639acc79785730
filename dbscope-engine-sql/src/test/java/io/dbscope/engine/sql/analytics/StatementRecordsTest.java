package io.dbscope.engine.sql.analytics;

import static io.dbscope.engine.sql.analytics.Schemas.snap;
import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.events.EventSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-fingerprint interval records that {@link StatementAnalytics} hands to its sink. */
class StatementRecordsTest {
  private static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

  private final List<StatementInterval> got = new ArrayList<>();
  private final StatementAnalytics analytics =
      new StatementAnalytics(
          Schemas.TEST, AnalyticsSettings.defaults().build(), "pg-main", "postgres", got::add);

  @Test
  void theBaselineSendsNothingThenEachFingerprintThatRanSendsItsDeltas() {
    analytics.update(
        T0,
        StatsEpoch.unknown(),
        List.of(
            snap("1", "SELECT * FROM t WHERE id = 42", 10, 2.0, 10),
            snap("2", "UPDATE t SET x = 'secret' WHERE id = 7", 5, 1.0, 5)));
    assertThat(got).as("the first read is the baseline").isEmpty();

    analytics.update(
        T0 + 30_000,
        StatsEpoch.unknown(),
        List.of(snap("1", null, 14, 3.0, 30), snap("2", null, 5, 1.0, 5)));

    assertThat(got).hasSize(1);
    StatementInterval r = got.get(0);
    assertThat(r.fingerprint()).isEqualTo("1");
    assertThat(r.intervalSeconds()).isEqualTo(30.0);
    assertThat(r.values())
        .containsEntry("calls", 4.0)
        .containsEntry("total_time_seconds", 1.0)
        .containsEntry("rows", 20.0)
        .containsEntry("mean_time_seconds", 0.25)
        .containsEntry("max_time_seconds", 3.0)
        .containsEntry("rows_per_call", 5.0);
    Map<String, Object> m = r.toMap();
    assertThat(m.keySet())
        .startsWith(
            "ts",
            "kind",
            "datasource",
            "engine",
            "fingerprint",
            "database",
            "user",
            "statement_kind",
            "interval_seconds",
            "calls")
        .endsWith("text");
    assertThat(m)
        .containsEntry("ts", "2026-01-01T00:00:30Z")
        .containsEntry("kind", "statement_interval")
        .containsEntry("datasource", "pg-main")
        .containsEntry("engine", "postgres")
        .containsEntry("database", "db")
        .containsEntry("user", "app")
        .containsEntry("statement_kind", "read");
    assertThat((String) m.get("text")).isEqualTo("SELECT * FROM t WHERE id = ?");
  }

  @Test
  void aFingerprintWithoutCallsInTheIntervalHasAMeanOfZeroNotNaN() {
    analytics.update(T0, StatsEpoch.unknown(), List.of(snap("1", "SELECT 1", 1, 1.0, 0)));
    // Rows went up without calls (a server that counts rows of a running statement).
    analytics.update(T0 + 1_000, StatsEpoch.unknown(), List.of(snap("1", null, 1, 1.0, 3)));

    assertThat(got).hasSize(1);
    assertThat(got.get(0).values()).containsEntry("mean_time_seconds", 0.0);
    assertThat(got.get(0).values()).doesNotContainKey("rows_per_call");
  }

  @Test
  void withoutASinkNoRecordIsBuilt() {
    StatementAnalytics quiet =
        new StatementAnalytics(Schemas.TEST, AnalyticsSettings.defaults().build());
    quiet.update(T0, StatsEpoch.unknown(), List.of(snap("1", "SELECT 1", 1, 1.0, 1)));
    quiet.update(T0 + 1_000, StatsEpoch.unknown(), List.of(snap("1", null, 2, 2.0, 2)));

    assertThat(quiet.statements("calls", 1)).hasSize(1);
  }

  @Test
  void eventSinksChain() {
    List<Map<String, Object>> a = new ArrayList<>();
    List<Map<String, Object>> b = new ArrayList<>();
    EventSink both = ((EventSink) a::add).and(b::add);

    both.emit(Map.of("kind", "slow_sql"));

    assertThat(a).hasSize(1);
    assertThat(b).hasSize(1);
  }
}
