package io.dbscope.testkit.contract;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The PostgreSQL side of {@link SqlEngineUnderTest}'s shared queries, for every engine that reaches
 * a PostgreSQL server (the postgres engine, the generic jdbc engine through pgjdbc).
 */
public final class PostgresQueries {
  private PostgresQueries() {}

  /** See {@link SqlEngineUnderTest#series}. */
  public static String series(int count) {
    return "SELECT g::text AS id, g AS n FROM generate_series(1, %d) g".formatted(count);
  }

  /** See {@link SqlEngineUnderTest#sleep}. */
  public static String sleep(int seconds) {
    return "SELECT 1 AS n FROM pg_sleep(%d)".formatted(seconds);
  }

  /** See {@link SqlEngineUnderTest#running}; {@code admin} is a connection of the test's own. */
  public static long running(Connection admin, String text) throws SQLException {
    return SqlContract.count(
        admin,
        "SELECT count(*) FROM pg_stat_activity WHERE state = 'active'"
            + " AND pid <> pg_backend_pid() AND strpos(lower(query), '"
            + text
            + "') > 0");
  }
}
