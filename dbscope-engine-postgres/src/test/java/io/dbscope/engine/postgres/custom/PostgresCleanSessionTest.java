package io.dbscope.engine.postgres.custom;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.engine.postgres.PostgresUnderTest;
import io.dbscope.testkit.ExpositionText;
import io.dbscope.testkit.contract.CleanSessionContract;
import io.dbscope.testkit.contract.SqlEngineUnderTest;
import java.time.Duration;
import java.util.List;

/**
 * {@link CleanSessionContract} on PostgreSQL: the view's function takes session advisory locks,
 * sets a setting, prepares a statement and opens a dblink connection. Another session sees no lock
 * and no dblink backend, dbscope's next guarded query sees none of it and still has dbscope's own
 * settings, and the built-ins keep working on the same connection with the statements pgjdbc
 * prepared for them on the server (which {@code DISCARD ALL} would drop, making every scrape parse
 * and plan them again).
 */
class PostgresCleanSessionTest extends CleanSessionContract {
  private PostgresUnderTest pg;

  @Override
  protected SqlEngineUnderTest start() {
    return pg = PostgresUnderTest.start();
  }

  @Override
  protected List<String> setup() {
    return List.of(
        "CREATE EXTENSION dblink",
        """
        CREATE FUNCTION leak() RETURNS int LANGUAGE plpgsql AS $f$
        BEGIN
          PERFORM pg_advisory_lock(4711);
          PERFORM pg_advisory_lock_shared(4712);
          PERFORM set_config('dbscope_test.leak', 'on', false);
          EXECUTE 'PREPARE leaked AS SELECT 1';
          PERFORM dblink_connect('leaked',
              'host=127.0.0.1 port=%d dbname=postgres user=postgres application_name=dbscope_leak');
          RETURN 1;
        END $f$"""
            .formatted(pg.fixture().port()),
        "CREATE VIEW leak_view AS SELECT leak() AS n",
        "CREATE VIEW own_locks AS SELECT count(*) AS n FROM pg_locks"
            + " WHERE locktype = 'advisory' AND pid = pg_backend_pid()",
        "CREATE VIEW own_prepared AS SELECT count(*) AS n FROM pg_prepared_statements"
            + " WHERE name = 'leaked'",
        "CREATE VIEW own_dblinks AS"
            + " SELECT coalesce(array_length(dblink_get_connections(), 1), 0) AS n",
        "CREATE VIEW own_setting AS"
            + " SELECT (coalesce(current_setting('dbscope_test.leak', true), '') <> '')::int AS n",
        "CREATE VIEW own_settings_kept AS SELECT (current_setting('application_name') = 'dbscope'"
            + " AND current_setting('jit') = 'off')::int AS n");
  }

  @Override
  protected String leakQuery() {
    return "SELECT n FROM leak_view";
  }

  @Override
  protected List<Probe> probes() {
    return List.of(
        new Probe("own_locks", "SELECT n FROM own_locks", 0, "advisory locks of the session"),
        new Probe(
            "own_prepared", "SELECT n FROM own_prepared", 0, "statements prepared by the view"),
        new Probe("own_dblinks", "SELECT n FROM own_dblinks", 0, "dblink connections"),
        new Probe("own_setting", "SELECT n FROM own_setting", 0, "the view's setting"),
        new Probe(
            "own_settings_kept",
            "SELECT n FROM own_settings_kept",
            1,
            "application_name and jit as dbscope sets them"));
  }

  @Override
  protected String moreMetrics() {
    return metric(
        "driver_prepared", "SELECT count(*) AS n FROM pg_prepared_statements WHERE NOT from_sql");
  }

  /**
   * pgjdbc prepares a statement on the server from its fifth run on a connection: seven scrapes run
   * the built-ins' statements through a session reset after they were prepared.
   */
  @Override
  protected int scrapes() {
    return 7;
  }

  @Override
  protected void afterScrape(ExpositionText s, int scrape) throws Exception {
    if (scrape == scrapes()) {
      assertThat(s.value("driver_prepared_n"))
          .as("what pgjdbc prepared on the server for the built-ins is kept")
          .isPositive();
    }
    assertThat(count("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"))
        .as("advisory locks seen from another session after scrape %d", scrape)
        .isZero();
    assertThat(dblinkBackendsGone()).as("the view's dblink backend has exited").isTrue();
  }

  /** A backend exits shortly after its client closed the connection: wait for that. */
  private boolean dblinkBackendsGone() throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (count("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'dbscope_leak'")
        > 0) {
      if (System.nanoTime() > end) {
        return false;
      }
      Thread.sleep(20);
    }
    return true;
  }
}
