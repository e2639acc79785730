package io.dbscope.engine.postgres.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.events.EventSink;
import io.dbscope.core.scrape.MonitoredDatasource;
import io.dbscope.testkit.ExpositionText;
import io.dbscope.testkit.PostgresFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * The oldest supported major (13): pg_stat_statements 1.8 has no toplevel column, no
 * pg_stat_statements_info and the old block time names; the collector reads it all the same.
 */
class PgStatements13Test {

  private static Path oldestBinaries() {
    String property = System.getProperty("dbscope.pg.oldest.binaries");
    if (property == null) {
      throw new IllegalStateException(
          "system property dbscope.pg.oldest.binaries is not set; run through Maven");
    }
    return Path.of(property);
  }

  @Test
  void statementsAreReadWithTheOlderColumns() throws Exception {
    try (PostgresFixture pg =
            PostgresFixture.builder().statStatements().binariesJar(oldestBinaries()).start();
        EngineResources resources = EngineResources.create();
        Connection sql = pg.connect()) {
      try (Statement st = sql.createStatement()) {
        st.execute("CREATE EXTENSION pg_stat_statements");
        st.execute("CREATE TABLE old (id int PRIMARY KEY, v text)");
      }
      try (MonitoredDatasource md =
          Pg.datasource(
              pg, resources, Pg.settings().build(), EventSink.DISCARD, new Pg.TestClock())) {
        Pg.scrape(md);
        try (PreparedStatement ps = sql.prepareStatement("INSERT INTO old VALUES (?, 'x')")) {
          for (int i = 0; i < 9; i++) {
            ps.setInt(1, i);
            ps.executeUpdate();
          }
        }
        ExpositionText e = Pg.scrape(md);
        Files.writeString(Path.of("target", "analytics-pg13.txt"), e.text());
        String insert = Pg.queryid(sql, "INSERT INTO old VALUES %");
        assertThat(e.value("dbscope_collector_success", "collector", "pg_stat_statements"))
            .isEqualTo(1);
        assertThat(e.value("pg_query_calls_total", "queryid", insert)).isEqualTo(9);
        assertThat(e.samples("pg_query_blk_read_time_seconds_total")).isNotEmpty();
        assertThat(e.find("pg_stat_statements_dealloc_total")).isEmpty();
        assertThat(e.value("dbscope_collector_success", "collector", "pg_activity")).isEqualTo(1);
      }
    }
  }
}
