package io.dbscope.engine.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.testkit.contract.EngineUnderTest;
import org.junit.jupiter.api.Test;

/**
 * The contract against the oldest supported major, started from the binaries jar that the build
 * copies to {@code target/pg-binaries} (see {@link OldestBinaries}).
 */
class Postgres13Test extends PostgresServerContract {
  @Override
  protected EngineUnderTest start() {
    return new PostgresUnderTest(server().binariesJar(OldestBinaries.jar()).start());
  }

  @Override
  protected int major() {
    return 13;
  }

  @Test
  void checkpointerStatisticsComeFromPgStatBgwriter() {
    assertThat(planned("pg_stat_bgwriter")).isTrue();
    assertThat(planned("pg_stat_bgwriter_pg17")).isFalse();
  }

  @Test
  void columnsOfNewerMajorsAreNotQueried() {
    assertThat(planned("pg_stat_database_sessions")).isFalse();
    assertThat(planned("pg_stat_database_conflicts_logicalslot")).isFalse();
    assertThat(planned("stat_checkpointer")).isFalse();
    assertThat(scrape().text().samples("pg_stat_database_active_time_seconds_total")).isEmpty();
  }
}
