package io.dbscope.engine.sql.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.dbscope.core.events.ActivityEvent;
import io.dbscope.core.metrics.SampleBatch;
import io.dbscope.sql.SqlDialect;
import io.prometheus.metrics.model.snapshots.Labels;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Slow-statement and long-transaction events from literal sessions. */
class ActivityEventsTest {
  private static final double NaN = Double.NaN;
  private static final InstantSource CLOCK =
      InstantSource.fixed(Instant.parse("2026-01-01T00:00:00Z"));
  private static final AnalyticsSettings SETTINGS =
      AnalyticsSettings.defaults()
          .checkSlowSQL(true)
          .slowSqlTime(Duration.ofSeconds(10))
          .longTransactionTime(Duration.ofSeconds(60))
          .slowSqlMaxRows(2)
          .build();

  private final List<Map<String, Object>> sink = new ArrayList<>();

  private static SessionActivity running(String id, double start, double age) {
    return new SessionActivity(id, true, start, age, NaN, NaN, false, NaN, null, false);
  }

  private static SessionActivity inTransaction(String id, double start, double age) {
    return new SessionActivity(id, false, NaN, NaN, start, age, true, 1, null, false);
  }

  private static ActivityEvents.Details details(int i, boolean slow) {
    return new ActivityEvents.Details(
        slow ? "fp" + i : null, "u", "db", "10.0.0.1", "SELECT * FROM t WHERE id = 42");
  }

  private ActivityEvents events(double tolerance, boolean atThreshold) {
    return new ActivityEvents(
        SETTINGS, sink::add, CLOCK, SqlDialect.POSTGRES, tolerance, atThreshold);
  }

  @Test
  void emitsEachSlowStatementAndLongTransactionOnceWithItsDetails() {
    ActivityEvents e = events(0, false);
    List<SessionActivity> sessions =
        List.of(running("1", 100, 12), running("2", 100, 3), inTransaction("3", 50, 90));
    e.emit("pg", sessions, ActivityEventsTest::details);
    e.emit("pg", sessions, ActivityEventsTest::details);

    assertThat(sink).hasSize(2);
    assertThat(sink.get(0))
        .containsEntry("ts", "2026-01-01T00:00:00Z")
        .containsEntry("datasource", "pg")
        .containsEntry("kind", ActivityEvent.SLOW_SQL)
        .containsEntry("fingerprint", "fp0")
        .containsEntry("duration_seconds", 12.0)
        .containsEntry("session_id", "1")
        .containsEntry("client_addr", "10.0.0.1")
        .containsEntry("started_at", "1970-01-01T00:01:40Z")
        .containsEntry("text", "SELECT * FROM t WHERE id = ?");
    assertThat(sink.get(1))
        .containsEntry("kind", ActivityEvent.LONG_TRANSACTION)
        .containsEntry("fingerprint", null)
        .containsEntry("session_id", "3");

    SampleBatch out = new SampleBatch();
    e.export("pg", Labels.of("datasource", "pg"), out);
    assertThat(out.families())
        .extracting(SampleBatch.Family::name)
        .containsExactly("pg_activity_events_total");
    assertThat(out.families().iterator().next().points())
        .extracting(p -> p.labels().get("kind"), SampleBatch.Point::value)
        .containsExactly(
            tuple(ActivityEvent.SLOW_SQL, 1.0), tuple(ActivityEvent.LONG_TRANSACTION, 1.0));
  }

  @Test
  void atMostSlowSqlMaxRowsPerScrapeOldestFirstTheRestLater() {
    ActivityEvents e = events(0, false);
    List<SessionActivity> sessions =
        List.of(running("1", 100, 11), running("2", 100, 30), running("3", 100, 20));
    e.emit("pg", sessions, ActivityEventsTest::details);
    assertThat(sink).extracting(m -> m.get("session_id")).containsExactly("2", "3");
    e.emit("pg", sessions, ActivityEventsTest::details);
    assertThat(sink).extracting(m -> m.get("session_id")).containsExactly("2", "3", "1");
  }

  @Test
  void aStartThatMovesWithinTheToleranceIsTheSameStatement() {
    ActivityEvents e = events(2, true);
    e.emit("m", List.of(running("1", 100, 12)), ActivityEventsTest::details);
    e.emit("m", List.of(running("1", 101.5, 13)), ActivityEventsTest::details);
    assertThat(sink).hasSize(1);
    e.emit("m", List.of(running("1", 104, 14)), ActivityEventsTest::details);
    assertThat(sink).hasSize(2);
  }

  @Test
  void exactlyAtTheThresholdCountsOnlyWhereAgesAreWholeSeconds() {
    List<SessionActivity> at = List.of(running("1", 100, 10));
    events(0, false).emit("pg", at, ActivityEventsTest::details);
    assertThat(sink).isEmpty();
    events(0, true).emit("m", at, ActivityEventsTest::details);
    assertThat(sink).hasSize(1);
  }
}
