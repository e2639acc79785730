package io.dbscope.engine.postgres.analytics;

import io.dbscope.core.engine.ResultRows;
import io.dbscope.engine.sql.analytics.StatementKey;
import io.dbscope.engine.sql.analytics.StatementSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Rows of {@link PgStatementsQuery#page} as snapshots in {@link PgStatementsSchema}'s order, times
 * converted from milliseconds to seconds. A pure function, tested with literal rows.
 */
final class PgStatementsRows {
  private static final double MS = 1e-3;

  private PgStatementsRows() {}

  /**
   * @param texts texts read separately for new fingerprints, by queryid; a row's own text wins
   */
  static List<StatementSnapshot> snapshots(ResultRows rows, Map<Long, String> texts) {
    int[] c = new int[PgStatementsQuery.PAGE_COLUMNS.size()];
    for (int i = 0; i < c.length; i++) {
      c[i] = rows.indexOf(PgStatementsQuery.PAGE_COLUMNS.get(i));
      if (c[i] < 0) {
        throw new IllegalStateException(
            "pg_stat_statements read has no column " + PgStatementsQuery.PAGE_COLUMNS.get(i));
      }
    }
    List<StatementSnapshot> out = new ArrayList<>(rows.rows().size());
    for (Object[] r : rows.rows()) {
      long queryid = ((Number) r[c[0]]).longValue();
      String text = (String) r[c[16]];
      if (text == null) {
        text = texts.get(queryid);
      }
      double[] v = new double[PgStatementsSchema.SIZE];
      v[0] = num(r[c[3]]);
      v[1] = num(r[c[4]]) * MS;
      v[2] = num(r[c[5]]);
      v[3] = num(r[c[6]]);
      v[4] = num(r[c[7]]);
      v[5] = num(r[c[8]]) * MS;
      v[6] = num(r[c[9]]) * MS;
      v[7] = num(r[c[10]]);
      v[8] = num(r[c[11]]);
      v[9] = num(r[c[12]]) * MS;
      v[10] = num(r[c[13]]) * MS;
      v[11] = num(r[c[14]]) * MS;
      Object since = r[c[15]];
      out.add(
          new StatementSnapshot(
              new StatementKey(Long.toString(queryid), (String) r[c[1]], (String) r[c[2]]),
              text,
              v,
              since == null ? Double.NaN : num(since)));
    }
    return out;
  }

  private static double num(Object o) {
    return o == null ? 0 : ((Number) o).doubleValue();
  }
}
