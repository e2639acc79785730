package io.dbscope.engine.sql.analytics;

import static io.dbscope.engine.sql.analytics.Schemas.key;
import static io.dbscope.engine.sql.analytics.Schemas.snap;
import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.engine.sql.analytics.StatementTracker.EvictReason;
import io.dbscope.engine.sql.analytics.StatementTracker.ResetReason;
import io.dbscope.sql.StatementKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatementTrackerTest {
  private static final long MIN = 60_000;
  private static final StatsEpoch EPOCH =
      new StatsEpoch(Optional.of(Instant.parse("2026-01-01T00:00:00Z")), Optional.empty());

  private final AnalyticsSettings settings =
      AnalyticsSettings.defaults().evictAfter(Duration.ofMinutes(60)).maxTracked(3).build();
  private final StatementTracker tracker = new StatementTracker(Schemas.TEST, settings);

  private double[] delta(String id) {
    return tracker.get(key(id)).lastDelta;
  }

  @Test
  void theFirstReadIsTheBaselineThenDeltasFollow() {
    List<TrackedStatement> first =
        tracker.update(0, EPOCH, List.of(snap("1", "SELECT $1", 10, 2.0, 10)));
    assertThat(first).isEmpty();
    assertThat(delta("1")).containsOnly(0);

    List<TrackedStatement> second =
        tracker.update(MIN, EPOCH, List.of(snap("1", null, 15, 2.5, 12)));
    assertThat(second).hasSize(1);
    assertThat(delta("1")).containsExactly(5, 0.5, 2, 0);
    assertThat(tracker.get(key("1")).sinceStart).containsExactly(5, 0.5, 2, 0);
    assertThat(tracker.get(key("1")).text).isEqualTo("SELECT $1");
  }

  @Test
  void anUnchangedFingerprintHasNoDelta() {
    tracker.update(0, EPOCH, List.of(snap("1", "SELECT 1", 10, 2.0, 10)));
    assertThat(tracker.update(MIN, EPOCH, List.of(snap("1", null, 10, 2.0, 10)))).isEmpty();
    assertThat(delta("1")).containsOnly(0);
  }

  @Test
  void aNewFingerprintCountsWhollyInItsFirstInterval() {
    tracker.update(0, EPOCH, List.of(snap("1", "SELECT 1", 10, 2.0, 10)));
    tracker.update(
        MIN, EPOCH, List.of(snap("1", null, 10, 2.0, 10), snap("2", "SELECT 2", 3, 1, 3)));
    assertThat(delta("2")).containsExactly(3, 1, 3, 0);
  }

  @Test
  void anyCounterGoingDownRebaselinesWithZero() {
    tracker.update(0, EPOCH, List.of(snap("1", "SELECT 1", 10, 2.0, 10)));
    assertThat(tracker.update(MIN, EPOCH, List.of(snap("1", null, 11, 1.0, 11)))).isEmpty();
    assertThat(delta("1")).containsOnly(0);
    assertThat(tracker.resets()).containsEntry(ResetReason.COUNTER_DECREASE, 1L);
    tracker.update(2 * MIN, EPOCH, List.of(snap("1", null, 14, 1.5, 11)));
    assertThat(delta("1")).containsExactly(3, 0.5, 0, 0);
  }

  @Test
  void aServerRestartRebaselinesEveryKnownFingerprint() {
    tracker.update(0, EPOCH, List.of(snap("1", "SELECT 1", 10, 2.0, 10)));
    StatsEpoch restarted =
        new StatsEpoch(Optional.of(Instant.parse("2026-01-02T00:00:00Z")), Optional.empty());
    assertThat(tracker.update(MIN, restarted, List.of(snap("1", null, 12, 3, 12)))).isEmpty();
    assertThat(tracker.resets()).containsEntry(ResetReason.SERVER_RESTART, 1L);
    tracker.update(2 * MIN, restarted, List.of(snap("1", null, 13, 3, 12)));
    assertThat(delta("1")).containsExactly(1, 0, 0, 0);
  }

  @Test
  void aResetOfAllStatisticsCountsTheNewValuesWholly() {
    StatsEpoch before = new StatsEpoch(Optional.empty(), Optional.of(Instant.EPOCH));
    tracker.update(0, before, List.of(snap("1", "SELECT 1", 10, 2.0, 10)));
    StatsEpoch after = new StatsEpoch(Optional.empty(), Optional.of(Instant.ofEpochSecond(30)));
    tracker.update(MIN, after, List.of(snap("1", null, 4, 0.5, 4)));
    assertThat(delta("1")).containsExactly(4, 0.5, 4, 0);
    assertThat(tracker.get(key("1")).sinceStart).containsExactly(4, 0.5, 4, 0);
    assertThat(tracker.resets()).containsEntry(ResetReason.STATS_RESET, 1L);
  }

  @Test
  void aRecreatedEntryCountsItsNewValuesWholly() {
    var k = key("1");
    tracker.update(
        0, EPOCH, List.of(new StatementSnapshot(k, "SELECT 1", new double[] {10, 2, 10, 1}, 100)));
    tracker.update(
        MIN, EPOCH, List.of(new StatementSnapshot(k, null, new double[] {3, 1, 3, 1}, 150)));
    assertThat(delta("1")).containsExactly(3, 1, 3, 0);
    assertThat(tracker.resets()).containsEntry(ResetReason.ENTRY_RECREATED, 1L);
  }

  @Test
  void aFingerprintTheServerDroppedIsForgottenAndCountsFromZeroWhenBack() {
    tracker.update(
        0, EPOCH, List.of(snap("1", "SELECT 1", 10, 2, 10), snap("2", "SELECT 2", 5, 1, 5)));
    tracker.update(MIN, EPOCH, List.of(snap("1", null, 10, 2, 10)));
    assertThat(tracker.knows(key("2"))).isFalse();
    tracker.update(
        2 * MIN, EPOCH, List.of(snap("1", null, 10, 2, 10), snap("2", "SELECT 2", 2, 1, 2)));
    assertThat(delta("2")).containsExactly(2, 1, 2, 0);
  }

  @Test
  void idleFingerprintsAreEvictedAndNotCountedAgainWhenTheyReturn() {
    tracker.update(
        0, EPOCH, List.of(snap("1", "SELECT 1", 10, 2, 10), snap("2", "SELECT 2", 5, 1, 5)));
    tracker.update(30 * MIN, EPOCH, List.of(snap("1", null, 11, 2, 10), snap("2", null, 5, 1, 5)));
    assertThat(tracker.size()).isEqualTo(2);
    tracker.update(60 * MIN, EPOCH, List.of(snap("1", null, 11, 2, 10), snap("2", null, 5, 1, 5)));
    assertThat(tracker.knows(key("2"))).isFalse();
    assertThat(tracker.knows(key("1"))).isTrue();
    assertThat(tracker.evictions()).containsEntry(EvictReason.IDLE, 1L);

    // It runs again: dbscope no longer knows its old totals, so it re-baselines instead of
    // counting 6 calls that were mostly counted before.
    tracker.update(61 * MIN, EPOCH, List.of(snap("1", null, 11, 2, 10), snap("2", null, 6, 1, 5)));
    assertThat(delta("2")).containsOnly(0);
    assertThat(tracker.resets()).containsEntry(ResetReason.REAPPEARED, 1L);
    tracker.update(62 * MIN, EPOCH, List.of(snap("1", null, 11, 2, 10), snap("2", null, 8, 1, 5)));
    assertThat(delta("2")).containsExactly(2, 0, 0, 0);
  }

  @Test
  void aboveTheCapTheLeastRecentlyActiveAreEvicted() {
    tracker.update(
        0,
        EPOCH,
        List.of(
            snap("a", "SELECT a", 1, 1, 1),
            snap("b", "SELECT b", 1, 1, 1),
            snap("c", "SELECT c", 1, 1, 1)));
    tracker.update(
        MIN,
        EPOCH,
        List.of(
            snap("a", null, 2, 1, 1),
            snap("b", null, 1, 1, 1),
            snap("c", null, 2, 1, 1),
            snap("d", "SELECT d", 1, 1, 1)));
    assertThat(tracker.size()).isEqualTo(3);
    assertThat(tracker.knows(key("b"))).isFalse();
    assertThat(tracker.evictions()).containsEntry(EvictReason.CAP, 1L);
  }

  @Test
  void textIsKeptUpToTheConfiguredLengthButClassifiedWhole() {
    StatementTracker t =
        new StatementTracker(
            Schemas.TEST, AnalyticsSettings.defaults().queryTextLength(12).build());
    String text = "WITH x AS (SELECT 1 FROM some_long_table_name) DELETE FROM t";
    t.update(0, EPOCH, List.of(snap("1", text, 1, 1, 1)));
    assertThat(t.get(key("1")).text).isEqualTo("WITH x AS (S");
    assertThat(t.get(key("1")).kind).isEqualTo(StatementKind.WRITE);
    t.update(
        1, EPOCH, List.of(snap("1", null, 1, 1, 1), snap("2", "SELECT `v` FROM `t` ", 1, 1, 1)));
    assertThat(t.get(key("2")).text).isEqualTo("SELECT `v` F");
    assertThat(t.get(key("2")).text.endsWith(" ")).isFalse();
  }

  @Test
  void databaseAndUserNamesAreSharedBetweenFingerprints() {
    tracker.update(
        0,
        EPOCH,
        List.of(
            StatementSnapshot.of(
                new StatementKey("1", new String("db"), new String("u")), "x", 1, 1, 1, 1),
            StatementSnapshot.of(
                new StatementKey("2", new String("db"), new String("u")), "y", 1, 1, 1, 1)));
    StatementKey one = tracker.get(new StatementKey("1", "db", "u")).key;
    StatementKey two = tracker.get(new StatementKey("2", "db", "u")).key;
    assertThat(one.database()).isSameAs(two.database());
    assertThat(one.user()).isSameAs(two.user());
  }
}
