package io.dbscope.engine.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.testkit.PostgresFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract against the oldest supported major, started from the binaries jar that the build
 * copies to {@code target/pg-binaries} (see {@link OldestBinaries}).
 */
class Postgres13Test extends PostgresServerContract {
  private static PostgresFixture pg;
  private static Scrape scrape;

  @BeforeAll
  static void startAndCollect() throws Exception {
    pg = server().binariesJar(OldestBinaries.jar()).start();
    scrape = workloadAndCollect(pg, "exposition-pg13.txt");
  }

  @AfterAll
  static void stop() {
    if (pg != null) {
      pg.close();
    }
  }

  @Override
  protected PostgresFixture fixture() {
    return pg;
  }

  @Override
  protected Scrape scrape() {
    return scrape;
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
    assertThat(scrape.text().samples("pg_stat_database_active_time_seconds_total")).isEmpty();
  }
}
