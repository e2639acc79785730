package io.dbscope.engine.sql.analytics;

import static io.dbscope.engine.sql.analytics.Schemas.snap;
import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.metrics.SampleBatch;
import io.prometheus.metrics.model.snapshots.Labels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A datasource moving between two dbscope instances: the new owner restores the old owner's
 * history, and every exported counter continues from where it was (no reset, no double count);
 * without the history (a crash) it re-baselines like a restart.
 */
class AnalyticsStateTest {
  private static final long MIN = 60_000;
  private static final Labels DS = Labels.of("datasource", "pg");

  /** Cumulative values per fingerprint, as the server reports them. */
  private final Map<String, double[]> server = new HashMap<>();

  private static StatementAnalytics analytics() {
    return new StatementAnalytics(
        Schemas.TEST,
        AnalyticsSettings.defaults().topN(2).holdWindow(Duration.ofMinutes(10)).build());
  }

  private void run(String id, double calls, double time) {
    double[] v = server.computeIfAbsent(id, k -> new double[3]);
    v[0] += calls;
    v[1] += time;
    v[2] += calls;
  }

  private void collect(StatementAnalytics a, long now) {
    List<StatementSnapshot> read = new ArrayList<>();
    server.forEach((id, v) -> read.add(snap(id, "SELECT " + id, v[0], v[1], v[2])));
    a.update(now, StatsEpoch.unknown(), read);
  }

  private static Map<String, Double> calls(StatementAnalytics a) {
    SampleBatch b = new SampleBatch();
    a.export(DS, b);
    Map<String, Double> out = new HashMap<>();
    for (SampleBatch.Family f : b.families()) {
      if (f.name().equals("t_query_calls_total")) {
        f.points().forEach(p -> out.put(p.labels().get("queryid"), p.value()));
      }
      if (f.name().equals("t_statements_total")) {
        f.points().forEach(p -> out.put("kind:" + p.labels().get("kind"), p.value()));
      }
    }
    return out;
  }

  @Test
  void countersContinueOnTheNewOwnerWithoutResetOrDoubleCount() {
    StatementAnalytics old = analytics();
    collect(old, 0);
    run("a", 10, 10);
    run("b", 5, 5);
    run("c", 1, 1);
    collect(old, MIN);
    Map<String, Double> before = calls(old);
    assertThat(before).containsEntry("a", 10.0).containsEntry("b", 5.0).containsEntry("other", 1.0);

    byte[] state = old.exportState();
    StatementAnalytics fresh = analytics();
    fresh.restoreState(state);

    assertThat(calls(fresh)).isEqualTo(before);
    // The workload goes on between the old owner's last read and the new owner's first.
    run("a", 3, 1);
    run("c", 2, 1);
    collect(fresh, 2 * MIN);
    Map<String, Double> after = calls(fresh);
    assertThat(after.get("a")).isEqualTo(13.0);
    assertThat(after.get("b")).isEqualTo(5.0);
    double total =
        after.entrySet().stream()
            .filter(e -> !e.getKey().startsWith("kind:"))
            .mapToDouble(Map.Entry::getValue)
            .sum();
    assertThat(total).as("every call counted exactly once").isEqualTo(21.0);
    assertThat(after.get("kind:read")).isEqualTo(21.0);
    assertThat(fresh.statements("calls", 10))
        .extracting(StatementView::fingerprint)
        .contains("a", "b", "c");
  }

  @Test
  void withoutStateTheNewOwnerReBaselinesLikeARestart() {
    StatementAnalytics old = analytics();
    collect(old, 0);
    run("a", 10, 10);
    collect(old, MIN);

    StatementAnalytics crashed = analytics();
    crashed.restoreState(new byte[0]);
    run("a", 3, 1);
    collect(crashed, 2 * MIN);

    assertThat(calls(crashed)).containsEntry("other", 0.0).doesNotContainKey("a");
    run("a", 2, 1);
    collect(crashed, 3 * MIN);
    assertThat(calls(crashed)).containsEntry("a", 2.0);
  }

  @Test
  void bytesOfAnotherVersionOrDamagedBytesForgetEverything() {
    StatementAnalytics a = analytics();
    collect(a, 0);
    run("a", 10, 10);
    collect(a, MIN);
    byte[] state = a.exportState();
    byte[] cut = java.util.Arrays.copyOf(state, state.length / 2);
    byte[] otherVersion = state.clone();
    otherVersion[3] = 9;

    a.restoreState(cut);
    assertThat(a.isEmpty()).isTrue();
    assertThat(calls(a)).isEmpty();
    a.restoreState(state);
    assertThat(calls(a)).containsEntry("a", 10.0);
    a.restoreState(otherVersion);
    assertThat(a.isEmpty()).isTrue();
  }
}
