package io.dbscope.engine.sql.analytics;

import static io.dbscope.engine.sql.analytics.Schemas.snap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbscope.core.metrics.MetricType;
import io.dbscope.core.metrics.SampleBatch;
import io.prometheus.metrics.model.snapshots.Labels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatementAnalyticsTest {
  private static final long MIN = 60_000;
  private static final Labels DS = Labels.of("datasource", "pg");

  private final StatementAnalytics analytics =
      new StatementAnalytics(
          Schemas.TEST,
          AnalyticsSettings.defaults().topN(2).holdWindow(Duration.ofMinutes(10)).build());

  /** Cumulative values per fingerprint, as a server would report them. */
  private final Map<String, double[]> server = new HashMap<>();

  private void run(String id, String text, double calls, double time) {
    double[] v = server.computeIfAbsent(id, k -> new double[3]);
    v[0] += calls;
    v[1] += time;
    v[2] += calls;
    texts.putIfAbsent(id, text);
  }

  private final Map<String, String> texts = new HashMap<>();

  private void collect(long now) {
    List<StatementSnapshot> read = new ArrayList<>();
    server.forEach(
        (id, v) ->
            read.add(
                snap(
                    id,
                    analytics.knows(Schemas.key(id)) ? null : texts.get(id),
                    v[0],
                    v[1],
                    v[2])));
    analytics.update(now, StatsEpoch.unknown(), read);
  }

  private SampleBatch export() {
    SampleBatch b = new SampleBatch();
    analytics.export(DS, b);
    return b;
  }

  private static Map<String, Double> values(SampleBatch b, String name, String label) {
    Map<String, Double> out = new HashMap<>();
    for (SampleBatch.Family f : b.families()) {
      if (f.name().equals(name)) {
        for (SampleBatch.Point p : f.points()) {
          out.put(p.labels().get(label), p.value());
        }
      }
    }
    return out;
  }

  private static double sum(SampleBatch b, String name) {
    return values(b, name, "queryid").values().stream().mapToDouble(Double::doubleValue).sum();
  }

  @Test
  void nothingIsExportedBeforeTheFirstReadWhichIsTheBaseline() {
    assertThat(export().isEmpty()).isTrue();
    run("a", "SELECT a", 10, 10);
    collect(0);
    Map<String, Double> calls = values(export(), "t_query_calls_total", "queryid");
    assertThat(calls).containsExactly(Map.entry("other", 0.0));
    run("a", null, 3, 1);
    collect(MIN);
    assertThat(values(export(), "t_query_calls_total", "queryid")).containsEntry("a", 3.0);
  }

  @Test
  void topByTimeAndTopByCallsAreExportedAndTheRestIsOther() {
    collect(0);
    run("slow1", "SELECT slow1", 1, 100);
    run("slow2", "SELECT slow2", 1, 90);
    run("busy1", "INSERT busy1", 1000, 1);
    run("busy2", "UPDATE busy2", 900, 1);
    run("quiet", "BEGIN", 5, 0.5);
    collect(MIN);
    SampleBatch b = export();
    Map<String, Double> calls = values(b, "t_query_calls_total", "queryid");
    assertThat(calls.keySet())
        .containsExactlyInAnyOrder("slow1", "slow2", "busy1", "busy2", "other");
    assertThat(calls.get("other")).isEqualTo(5);
    assertThat(sum(b, "t_query_calls_total")).isEqualTo(1907);
    assertThat(values(b, "t_query_exported_series", "datasource")).containsEntry("pg", 4.0);
    assertThat(values(b, "t_query_dropped_series", "datasource")).containsEntry("pg", 1.0);
    assertThat(values(b, "t_query_tracked_fingerprints", "datasource")).containsEntry("pg", 5.0);
    assertThat(values(b, "t_statements_total", "kind"))
        .containsExactlyInAnyOrderEntriesOf(Map.of("read", 2.0, "write", 1900.0, "other", 5.0));
    // gauges and derived gauges only for real fingerprints
    assertThat(values(b, "t_query_max_exec_time_seconds", "queryid")).doesNotContainKey("other");
    assertThat(values(b, "t_query_rows_per_call", "queryid")).containsEntry("busy1", 1.0);
  }

  @Test
  void aFingerprintStaysExportedForTheHoldWindowAndTotalsStayExact() {
    collect(-MIN);
    run("a", "SELECT a", 10, 10);
    run("b", "SELECT b", 5, 5);
    run("c", "SELECT c", 1, 1);
    collect(0);
    assertThat(values(export(), "t_query_calls_total", "queryid").keySet())
        .containsExactlyInAnyOrder("a", "b", "other");

    // c becomes the busiest; a and b go quiet but are held
    run("c", null, 100, 100);
    collect(MIN);
    SampleBatch b = export();
    assertThat(values(b, "t_query_calls_total", "queryid"))
        .containsExactlyInAnyOrderEntriesOf(Map.of("a", 10.0, "b", 5.0, "c", 100.0, "other", 1.0));
    assertThat(sum(b, "t_query_calls_total")).isEqualTo(116);

    // after the hold window only what is still selected remains
    run("c", null, 1, 1);
    collect(12 * MIN);
    assertThat(values(export(), "t_query_calls_total", "queryid").keySet())
        .containsExactlyInAnyOrder("c", "other");
  }

  @Test
  void seriesNeverExceedTwiceTopNAndNoneGoesDown() {
    collect(-MIN);
    Map<String, Double> before = Map.of();
    for (int round = 0; round < 5; round++) {
      for (int i = 0; i < 10; i++) {
        run("q" + round + "_" + i, "SELECT " + i, 10 + i, 10 - i);
        run("q0_0", null, 1, 0.1);
      }
      collect(round * MIN);
      Map<String, Double> calls = values(export(), "t_query_calls_total", "queryid");
      assertThat(calls.size()).as("round %d", round).isLessThanOrEqualTo(2 * 2 + 1);
      for (var e : calls.entrySet()) {
        assertThat(e.getValue())
            .as(e.getKey())
            .isGreaterThanOrEqualTo(before.getOrDefault(e.getKey(), 0.0));
      }
      before = calls;
    }
  }

  @Test
  void exportedCountersNeverGoDownAcrossAReset() {
    collect(-MIN);
    run("a", "SELECT a", 10, 10);
    collect(0);
    double before = values(export(), "t_query_calls_total", "queryid").get("a");
    server.get("a")[0] = 2; // reset of that entry, then 2 new calls
    server.get("a")[1] = 1;
    collect(MIN);
    assertThat(values(export(), "t_query_calls_total", "queryid").get("a"))
        .isGreaterThanOrEqualTo(before);
    server.get("a")[0] = 5;
    collect(2 * MIN);
    assertThat(values(export(), "t_query_calls_total", "queryid").get("a")).isEqualTo(before + 3);
  }

  @Test
  void betweenReadsTheSameTotalsAreExported() {
    collect(-MIN);
    run("a", "SELECT a", 10, 10);
    collect(0);
    SampleBatch one = export();
    SampleBatch two = export();
    assertThat(values(two, "t_query_calls_total", "queryid"))
        .isEqualTo(values(one, "t_query_calls_total", "queryid"));
    assertThat(one.families())
        .filteredOn(f -> f.name().endsWith("_total"))
        .allSatisfy(f -> assertThat(f.type()).isEqualTo(MetricType.COUNTER));
  }

  @Test
  void statementsAreListedSortedAndSerializable() throws Exception {
    collect(-MIN);
    run("a", "SELECT a", 10, 1);
    run("b", "INSERT b", 2, 8);
    run("c", "BEGIN", 1, 3);
    collect(0);
    run("a", null, 5, 1);
    collect(MIN);
    assertThat(analytics.statements("calls", 10))
        .extracting(StatementView::fingerprint)
        .containsExactly("a", "b", "c");
    assertThat(analytics.statements("total_time", 2))
        .extracting(StatementView::fingerprint)
        .containsExactly("b", "c");
    assertThat(analytics.statements("mean_time", 1))
        .extracting(StatementView::fingerprint)
        .containsExactly("b");
    assertThat(analytics.statements("errors", 3))
        .extracting(StatementView::fingerprint)
        .containsExactly("b", "c", "a");

    StatementView a = analytics.statements("calls", 1).get(0);
    assertThat(a.kind()).isEqualTo("read");
    assertThat(a.statistics())
        .containsEntry("calls", 15.0)
        .containsEntry("mean_time_seconds", 2.0 / 15);
    assertThat(a.lastInterval()).containsEntry("calls", 5.0).doesNotContainKey("max_time_seconds");
    assertThat(a.sinceTrackingStarted()).containsEntry("calls", 15.0);
    assertThatThrownBy(() -> a.statistics().put("x", 1.0))
        .isInstanceOf(UnsupportedOperationException.class);

    JsonNode json = new ObjectMapper().valueToTree(a);
    assertThat(json.get("fingerprint").asText()).isEqualTo("a");
    assertThat(json.get("last_interval").get("calls").asDouble()).isEqualTo(5.0);
    assertThat(json.get("since_tracking_started").get("total_time_seconds").asDouble())
        .isEqualTo(2.0);
    assertThat(json.get("exported").asBoolean()).isTrue();
    assertThat(json.get("text_fingerprint").asText())
        .isEqualTo(
            io.dbscope.sql.SqlFingerprint.id("select a", io.dbscope.sql.SqlDialect.POSTGRES));
    assertThat(json.get("first_seen").asText()).isEqualTo("1970-01-01T00:00:00Z");
    assertThat(json.get("last_changed").asText()).isEqualTo("1970-01-01T00:01:00Z");
  }

  @Test
  void theTextFingerprintIsTheApplicationsIdOfTheStatement() {
    collect(-MIN);
    run("q", "SELECT name FROM t WHERE id = $1 AND k IN ($2, $3) LIMIT $4", 1, 1);
    collect(0);
    assertThat(analytics.statements("calls", 1).get(0).textFingerprint())
        .isEqualTo(
            io.dbscope.sql.SqlFingerprint.id(
                "select name from t where id = ? and k in (?, ?, ?) limit 10",
                io.dbscope.sql.SqlDialect.POSTGRES));
  }

  @Test
  void badSortKeysAndLimitsAreRefused() {
    assertThatThrownBy(() -> analytics.statements("text", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("total_time, calls, mean_time, rows, errors");
    assertThatThrownBy(() -> analytics.statements("calls", 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
