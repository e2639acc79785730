package io.dbscope.engine.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.metrics.SampleBatch;
import io.dbscope.core.scrape.Deadline;
import io.dbscope.core.scrape.HealthState;
import io.dbscope.core.scrape.MonitoredDatasource;
import io.dbscope.testkit.ExpositionText;
import io.dbscope.testkit.FreePort;
import io.dbscope.testkit.Scraped;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A datasource whose port nobody listens on: up 0, no collector runs, nothing thrown. */
class UnreachablePostgresTest {

  @Test
  void aClosedPortGivesUpZeroAndNoException() throws Exception {
    DatasourceConfig cfg =
        DatasourceConfig.builder("down", "postgres")
            .host("127.0.0.1")
            .port(FreePort.find())
            .user("postgres")
            .connectTimeout(Duration.ofMillis(500))
            .build();
    PostgresEngine engine = new PostgresEngine();
    try (EngineResources resources = EngineResources.create();
        MonitoredDatasource md =
            new MonitoredDatasource(cfg, engine, engine.open(cfg, resources))) {
      long start = System.nanoTime();
      SampleBatch batch = md.collect(Deadline.in(Duration.ofSeconds(10)));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      ExpositionText text = Scraped.of(batch);

      assertThat(text.samples("pg_up"))
          .singleElement()
          .satisfies(s -> assertThat(s.value()).isEqualTo(0.0));
      assertThat(text.samples("dbscope_datasource_up"))
          .singleElement()
          .satisfies(s -> assertThat(s.value()).isEqualTo(0.0));
      assertThat(text.samples("dbscope_collector_success")).isEmpty();
      assertThat(text.text()).doesNotContain("pg_stat_database");
      assertThat(md.health()).isEqualTo(HealthState.UNHEALTHY);
      assertThat(md.lastError()).isNotBlank();
    }
  }
}
