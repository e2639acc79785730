package io.dbscope.engine.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.testkit.PostgresFixture;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The contract against the newest supported major, from the binaries on the test classpath. */
class Postgres18Test extends PostgresServerContract {
  private static PostgresFixture pg;
  private static Scrape scrape;

  @BeforeAll
  static void startAndCollect() throws Exception {
    pg = server().start();
    scrape = workloadAndCollect(pg, "exposition-pg18.txt");
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
    return 18;
  }

  @Test
  void checkpointerStatisticsComeFromTheNewViewsUnderTheOldNames() {
    assertThat(planned("pg_stat_bgwriter_pg17")).isTrue();
    assertThat(planned("pg_stat_bgwriter")).isFalse();
    assertThat(scrape.text().samples("pg_stat_bgwriter_checkpoints_req_total")).hasSize(1);
  }

  @Test
  void columnsOfNewerMajorsAreExported() {
    assertThat(planned("pg_stat_database_sessions")).isTrue();
    assertThat(planned("pg_stat_database_conflicts_logicalslot")).isTrue();
    assertThat(scrape.text().samples("pg_stat_database_sessions", Map.of("datname", "postgres")))
        .singleElement()
        .satisfies(s -> assertThat(s.value()).isPositive());
    assertThat(scrape.text().type("pg_stat_database_active_time_seconds_total"))
        .hasValue("counter");
  }
}
