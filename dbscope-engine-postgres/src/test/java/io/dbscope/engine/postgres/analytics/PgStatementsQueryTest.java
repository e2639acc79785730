package io.dbscope.engine.postgres.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dbscope.core.engine.ResultRows;
import io.dbscope.engine.sql.analytics.StatementSnapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SQL for each extension version's columns, and rows mapped to snapshots (literal rows). */
class PgStatementsQueryTest {
  private static final String PG13 =
      "userid,dbid,queryid,query,plans,total_plan_time,calls,total_exec_time,min_exec_time,"
          + "max_exec_time,mean_exec_time,rows,shared_blks_hit,shared_blks_read,temp_blks_written,"
          + "blk_read_time,blk_write_time,wal_bytes";
  private static final String PG17 =
      "userid,dbid,toplevel,queryid,query,calls,total_exec_time,min_exec_time,max_exec_time,"
          + "mean_exec_time,rows,shared_blks_hit,shared_blks_read,temp_blks_written,"
          + "shared_blk_read_time,shared_blk_write_time,wal_bytes,stats_since,minmax_stats_since";

  @Test
  void olderColumnsAreReadUnderTheSameNames() {
    String sql = PgStatementsQuery.of("public", PG13, false, false).page(null, 5000, true);
    assertThat(sql)
        .contains("s.total_exec_time AS total_time")
        .contains("s.blk_read_time AS blk_read_time")
        .contains("s.blk_write_time AS blk_write_time")
        .contains("NULL::float8 AS since")
        .contains("left(s.query, 1024) AS query")
        .contains("public.pg_stat_statements(true)")
        .doesNotContain("toplevel")
        .doesNotContain(">=")
        .endsWith("ORDER BY s.queryid LIMIT 5000");
  }

  @Test
  void newerColumnsReplaceRenamedOnesAndTopLevelIsFiltered() {
    PgStatementsQuery q = PgStatementsQuery.of("\"stats\"", PG17, true, false);
    String sql = q.page(-42L, 100, false);
    assertThat(sql)
        .contains("s.shared_blk_read_time AS blk_read_time")
        .contains("s.shared_blk_write_time AS blk_write_time")
        .contains("extract(epoch FROM s.stats_since)::float8 AS since")
        .contains("NULL::text AS query")
        .contains("\"stats\".pg_stat_statements(false)")
        .contains("AND s.toplevel AND s.queryid >= -42 ORDER BY");
    assertThat(q.texts(List.of(1L, -2L))).contains("IN (1,-2) AND s.toplevel");
    assertThat(q.info())
        .isEqualTo(
            "SELECT dealloc, extract(epoch FROM stats_reset)::float8 AS stats_reset FROM"
                + " \"stats\".pg_stat_statements_info");
    assertThat(PgStatementsQuery.of("public", "queryid,calls", false, false).page(null, 1, false))
        .contains("NULL::float8 AS total_time");
  }

  @Test
  void preloadIsReadFromTheSetting() {
    assertThat(PgStatementsQuery.preloaded("pg_stat_statements")).isTrue();
    assertThat(PgStatementsQuery.preloaded("auto_explain, '$libdir/pg_stat_statements'")).isTrue();
    assertThat(PgStatementsQuery.preloaded("\"pg_stat_statements.so\"")).isTrue();
    assertThat(PgStatementsQuery.preloaded("auto_explain")).isFalse();
    assertThat(PgStatementsQuery.preloaded("")).isFalse();
    assertThat(PgStatementsQuery.preloaded(null)).isFalse();
  }

  @Test
  void rowsBecomeSnapshotsInSeconds() {
    List<Object[]> rows = new ArrayList<>();
    rows.add(
        new Object[] {
          7L,
          "shop",
          "app",
          10L,
          1500.0,
          20L,
          90L,
          10L,
          30.0,
          5.0,
          2L,
          4096.0,
          1.0,
          900.0,
          150.0,
          1.7e9,
          "SELECT $1"
        });
    rows.add(
        new Object[] {
          8L, "shop", "app", 1L, 2.0, 1L, 0L, 0L, null, null, 0L, null, 2.0, 2.0, 2.0, null, null
        });
    List<StatementSnapshot> s =
        PgStatementsRows.snapshots(
            ResultRows.of(PgStatementsQuery.PAGE_COLUMNS, rows), Map.of(8L, "BEGIN"));
    assertThat(s).hasSize(2);
    assertThat(s.get(0).key().id()).isEqualTo("7");
    assertThat(s.get(0).key().database()).isEqualTo("shop");
    assertThat(s.get(0).text()).isEqualTo("SELECT $1");
    assertThat(s.get(0).values())
        .containsExactly(
            new double[] {10, 1.5, 20, 90, 10, 0.03, 0.005, 2, 4096, 0.001, 0.9, 0.15},
            within(1e-12));
    assertThat(s.get(0).since()).isEqualTo(1.7e9);
    assertThat(s.get(1).text()).isEqualTo("BEGIN");
    assertThat(s.get(1).since()).isNaN();
    assertThat(PgStatementsSchema.hitRatio(s.get(0).values())).isEqualTo(0.9);
    assertThat(PgStatementsSchema.hitRatio(s.get(1).values())).isNaN();
    assertThat(Arrays.stream(s.get(1).values()).limit(9))
        .containsExactly(1.0, 0.002, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
  }
}
