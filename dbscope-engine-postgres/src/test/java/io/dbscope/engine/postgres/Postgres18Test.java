package io.dbscope.engine.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.testkit.contract.EngineUnderTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The contract against the newest supported major, from the binaries on the test classpath. */
class Postgres18Test extends PostgresServerContract {
  @Override
  protected EngineUnderTest start() {
    return new PostgresUnderTest(server().start());
  }

  @Override
  protected int major() {
    return 18;
  }

  @Test
  void checkpointerStatisticsComeFromTheNewViewsUnderTheOldNames() {
    assertThat(planned("pg_stat_bgwriter_pg17")).isTrue();
    assertThat(planned("pg_stat_bgwriter")).isFalse();
    assertThat(scrape().text().samples("pg_stat_bgwriter_checkpoints_req_total")).hasSize(1);
  }

  @Test
  void columnsOfNewerMajorsAreExported() {
    assertThat(planned("pg_stat_database_sessions")).isTrue();
    assertThat(planned("pg_stat_database_conflicts_logicalslot")).isTrue();
    assertThat(scrape().text().samples("pg_stat_database_sessions", Map.of("datname", "postgres")))
        .singleElement()
        .satisfies(s -> assertThat(s.value()).isPositive());
    assertThat(scrape().text().type("pg_stat_database_active_time_seconds_total"))
        .hasValue("counter");
  }

  @Test
  void theCheckpointerViewIsExportedUnderItsOwnNamesWhenOptionalCollectorsAreOn() {
    assertThat(planned("stat_checkpointer")).isTrue();
    assertThat(scrape().text().type("pg_stat_checkpointer_num_timed_total")).hasValue("counter");
    assertThat(scrape().text().samples("pg_stat_checkpointer_buffers_written_total"))
        .singleElement()
        .satisfies(s -> assertThat(s.value()).isNotNegative());
    assertThat(scrape().text().samples("pg_stat_checkpointer_stats_reset_total"))
        .singleElement()
        .satisfies(s -> assertThat(s.value()).isPositive());
  }
}
