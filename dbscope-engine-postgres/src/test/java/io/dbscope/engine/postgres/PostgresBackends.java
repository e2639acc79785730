package io.dbscope.engine.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.testkit.PostgresFixture;
import io.dbscope.testkit.contract.ConnectionWatch;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The connections dbscope held after each scrape were kept, not replaced: the first ones stay, and
 * there are never more than the pool holds ({@code maxOpenConns}, 3; it adds an idle one whenever
 * the one in use was the last). dbscope's sessions are the ones named {@code dbscope}.
 */
final class PostgresBackends implements ConnectionWatch {
  private final PostgresFixture pg;
  private final List<Set<Integer>> backends = new ArrayList<>();

  PostgresBackends(PostgresFixture pg) {
    this.pg = pg;
  }

  @Override
  public void afterScrape() throws SQLException {
    Set<Integer> pids = new TreeSet<>();
    try (Connection c = pg.connect();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT pid FROM pg_stat_activity WHERE application_name = 'dbscope'")) {
      while (rs.next()) {
        pids.add(rs.getInt(1));
      }
    }
    backends.add(pids);
  }

  @Override
  public void assertKept() {
    Set<Integer> all = new TreeSet<>();
    backends.forEach(all::addAll);
    assertThat(backends)
        .as("dbscope's connections after each scrape")
        .allSatisfy(b -> assertThat(b).containsAll(backends.getFirst()));
    assertThat(all).as("dbscope's connections over all scrapes").hasSizeLessThanOrEqualTo(3);
  }
}
