package io.dbscope.engine.sql.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbscope.core.config.DatasourceConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SettingsTest {

  @Test
  void defaultsAndTheDatasourcesSlowSqlSwitches() {
    DatasourceConfig c =
        DatasourceConfig.builder("m", "postgres")
            .option(AnalyticsOptions.CHECK_SLOW_SQL, true)
            .option(AnalyticsOptions.SLOW_SQL_TIME, Duration.ofSeconds(3))
            .option(AnalyticsOptions.SLOW_SQL_MAX_ROWS, 7)
            .build();
    AnalyticsSettings s = AnalyticsSettings.of(c);
    assertThat(s.topN()).isEqualTo(20);
    assertThat(s.holdWindow()).isEqualTo(Duration.ofMinutes(10));
    assertThat(s.evictAfter()).isEqualTo(Duration.ofHours(1));
    assertThat(s.maxTracked()).isEqualTo(5000);
    assertThat(s.minInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.queryTextLength()).isEqualTo(200);
    assertThat(s.longTransactionTime()).isEqualTo(Duration.ofSeconds(60));
    assertThat(s.checkSlowSQL()).isTrue();
    assertThat(s.slowSqlTime()).isEqualTo(Duration.ofSeconds(3));
    assertThat(s.slowSqlMaxRows()).isEqualTo(7);
    assertThat(s.toBuilder().topN(5).build().topN()).isEqualTo(5);
  }

  @Test
  void nonsenseIsRefused() {
    assertThatThrownBy(() -> AnalyticsSettings.defaults().topN(0).build())
        .hasMessage("topN must be at least 1, not 0");
    assertThatThrownBy(
            () -> AnalyticsSettings.defaults().minInterval(Duration.ofSeconds(-1)).build())
        .hasMessageContaining("minInterval must not be negative");
  }

  @Test
  void collectorListsSelectStatefulCollectorsToo() {
    DatasourceConfig all = DatasourceConfig.builder("m", "postgres").build();
    assertThat(CollectorSwitch.allowed("pg_stat_statements", all)).isTrue();
    DatasourceConfig excluded =
        DatasourceConfig.builder("m", "postgres")
            .excludeCollectors(List.of("pg_stat_statements"))
            .build();
    assertThat(CollectorSwitch.allowed("pg_stat_statements", excluded)).isFalse();
    DatasourceConfig only =
        DatasourceConfig.builder("m", "postgres").collectors(List.of("pg_locks")).build();
    assertThat(CollectorSwitch.allowed("pg_stat_statements", only)).isFalse();
    assertThat(CollectorSwitch.allowed("pg_locks", only)).isTrue();
  }

  @Test
  void throttleRunsOncePerIntervalAndRetriesAfterAFailure() {
    Throttle t = new Throttle(Duration.ofSeconds(30));
    assertThat(t.due(0)).isTrue();
    t.ran(0);
    assertThat(t.due(29_999)).isFalse();
    assertThat(t.due(30_000)).isTrue();
    // a failed read is not recorded: still due
    assertThat(t.due(30_001)).isTrue();
    Throttle always = new Throttle(Duration.ZERO);
    always.ran(5);
    assertThat(always.due(5)).isTrue();
  }
}
