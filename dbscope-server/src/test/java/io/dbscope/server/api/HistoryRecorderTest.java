package io.dbscope.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.metrics.MetricType;
import io.dbscope.core.metrics.SampleBatch;
import io.dbscope.core.scrape.LastScrape;
import io.prometheus.metrics.model.snapshots.Labels;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Key figures from literal samples: rates between points, one point per step, lock waits. */
class HistoryRecorderTest {
  private final History history = new History();
  private final RecentEvents events = new RecentEvents(10);
  private final HistoryRecorder recorder = new HistoryRecorder(history, events);

  @Test
  void countersBecomeRatesAndAPointPerStepIsKept() {
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    recorder.record("cache", "redis", new LastScrape(t0, 0.01, true), redis(1000, 5));
    // 5 s later: inside the step, skipped.
    recorder.record(
        "cache", "redis", new LastScrape(t0.plusSeconds(5), 0.01, true), redis(1100, 5));
    recorder.record(
        "cache", "redis", new LastScrape(t0.plusSeconds(15), 0.02, true), redis(1300, 7));
    History.Series s = history.series("cache", History.POINTS);
    assertThat(s.times()).hasSize(2);
    assertThat(s.values().get("qps")).containsExactly(null, 20.0);
    assertThat(s.values().get("connections")).containsExactly(5.0, 7.0);
    assertThat(s.values().get("tps")).containsOnlyNulls();
    assertThat(s.values().get("scrape_seconds").get(1)).isEqualTo(0.02);
  }

  @Test
  void sessionsWaitingForALockAreEvents() {
    SampleBatch b = new SampleBatch();
    b.add("pg_lock_waiting_sessions", MetricType.GAUGE, "h", Labels.of("datasource", "pg"), 2);
    recorder.record("pg", "postgres", new LastScrape(Instant.now(), 0.1, true), b.seal());
    assertThat(events.recent(Optional.of("pg"), Optional.of(RecentEvents.LOCK_WAIT), 5))
        .singleElement()
        .satisfies(e -> assertThat(e).containsEntry("waiting_sessions", 2L));
    assertThat(history.latest("pg", History.NAMES.indexOf("lock_waits"))).isEqualTo(2.0);
  }

  private static SampleBatch redis(double commands, double clients) {
    SampleBatch b = new SampleBatch();
    Labels l = Labels.of("datasource", "cache");
    b.add("redis_commands_processed_total", MetricType.COUNTER, "h", l, commands);
    b.add("redis_connected_clients", MetricType.GAUGE, "h", l, clients);
    return b.seal();
  }
}
