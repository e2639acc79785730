package io.dbscope.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.metrics.MetricType;
import io.dbscope.core.metrics.SampleBatch;
import io.prometheus.metrics.model.snapshots.Labels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The console's key figures, read from a datasource's batch as it is collected and as ordered. */
class KeySeriesTest {
  private static SampleBatch batch(boolean ordered) {
    SampleBatch b = new SampleBatch();
    Labels ds = Labels.of("datasource", "r1");
    b.add("redis_commands_processed_total", MetricType.COUNTER, "h", ds, 40);
    b.add("redis_connected_clients", MetricType.GAUGE, "h", ds, 3);
    b.add("redis_commands_processed", MetricType.GAUGE, "h", ds, 2);
    b.add("redis_commands_processed_totalx", MetricType.GAUGE, "h", ds, 1000);
    b.add(
        "mysql_global_status_commands_total",
        MetricType.COUNTER,
        "h",
        Labels.of("command", "commit", "datasource", "m"),
        5);
    b.add(
        "mysql_global_status_commands_total",
        MetricType.COUNTER,
        "h",
        Labels.of("command", "rollback", "datasource", "m"),
        1);
    b.add(
        "mysql_global_status_commands_total",
        MetricType.COUNTER,
        "h",
        Labels.of("command", "select", "datasource", "m"),
        100);
    return ordered ? b.order() : b;
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aCounterCountsWithAndWithoutItsTotalAndNothingElse(boolean ordered) {
    assertThat(KeySeries.value("redis", KeySeries.Key.QUERIES, batch(ordered))).isEqualTo(42);
    assertThat(KeySeries.value("redis", KeySeries.Key.CONNECTIONS, batch(ordered))).isEqualTo(3);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void onlyTheLabelValuesPicked(boolean ordered) {
    assertThat(KeySeries.value("mysql", KeySeries.Key.TRANSACTIONS, batch(ordered))).isEqualTo(6);
  }

  @Test
  void noFamilyOrNoEngineIsNoValue() {
    assertThat(KeySeries.value("redis", KeySeries.Key.LOCK_WAITS, batch(true))).isNaN();
    assertThat(KeySeries.value("postgres", KeySeries.Key.QUERIES, batch(true))).isNaN();
    assertThat(KeySeries.value("nosuch", KeySeries.Key.QUERIES, batch(true))).isNaN();
  }
}
