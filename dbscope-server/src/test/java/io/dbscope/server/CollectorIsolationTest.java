package io.dbscope.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.engine.Engine;
import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.metrics.Exposition;
import io.dbscope.core.metrics.ExpositionWriter;
import io.dbscope.core.metrics.SampleBatch;
import io.dbscope.core.scrape.Deadline;
import io.dbscope.core.scrape.MonitoredDatasource;
import io.dbscope.engine.postgres.PostgresEngine;
import io.dbscope.testkit.PostgresFixture;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A collector whose SQL fails on the real server produces no samples and success=0, and every other
 * collector of the same scrape is unaffected.
 */
class CollectorIsolationTest {

  @Test
  void oneBrokenCollectorFailsAlone() throws Exception {
    String yaml =
        """
        - id: broken_one
          help: selects from a table that does not exist
          query: SELECT x FROM no_such_table
          columns:
            x: {usage: gauge, help: never exported}
        - id: fine_one
          help: a constant
          query: SELECT 42 AS answer
          columns:
            answer: {usage: gauge, name: test_answer, help: the answer}
        """;
    try (PostgresFixture pg = PostgresFixture.builder().start();
        EngineResources resources = EngineResources.create()) {
      Engine engine = ExtraDefinitions.of(new PostgresEngine(), yaml);
      DatasourceConfig cfg =
          DatasourceConfig.builder("pg", "postgres").port(pg.port()).user("postgres").build();
      try (MonitoredDatasource ds =
          new MonitoredDatasource(cfg, engine, engine.open(cfg, resources))) {
        SampleBatch batch = ds.collect(Deadline.in(Duration.ofSeconds(20)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ExpositionWriter().write(out, Exposition.builder().add(batch).build(), null);
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text)
            .contains("dbscope_collector_success{collector=\"broken_one\",datasource=\"pg\"} 0.0")
            .contains("dbscope_collector_success{collector=\"fine_one\",datasource=\"pg\"} 1.0")
            .contains(
                "dbscope_collector_errors_total{collector=\"broken_one\",datasource=\"pg\"} 1.0")
            .contains("test_answer{datasource=\"pg\"} 42.0")
            .contains("pg_up{datasource=\"pg\"} 1.0")
            .doesNotContain("no_such_table_x")
            .doesNotContain("pg_x{");
        assertThat(
                text.lines()
                    .filter(l -> l.startsWith("dbscope_collector_success") && l.endsWith(" 0.0")))
            .singleElement()
            .asString()
            .contains("broken_one");
      }
    }
  }
}
