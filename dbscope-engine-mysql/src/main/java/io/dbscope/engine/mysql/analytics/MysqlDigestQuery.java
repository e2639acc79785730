package io.dbscope.engine.mysql.analytics;

import io.dbscope.core.engine.ResultRows;
import io.dbscope.engine.sql.analytics.StatementKey;
import io.dbscope.engine.sql.analytics.StatementSnapshot;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The SQL that reads {@code performance_schema.events_statements_summary_by_digest} (columns that
 * MySQL 5.6+, 8.x and MariaDB 10.x all have), paged by {@code DIGEST}, and the mapping of its rows
 * (a pure function, tested with literal rows). The row whose digest is NULL, where the server
 * counts statements once the table is full, is tracked as digest {@code overflow}.
 */
final class MysqlDigestQuery {
  /** Digest of the row where the server counts statements once the digest table is full. */
  static final String OVERFLOW = "overflow";

  /** Characters of text read per digest: enough to classify it, cut to queryTextLength later. */
  static final int TEXT_READ = 1024;

  private static final double PICO = 1e-12;
  private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{1,128}");

  static final List<String> COLUMNS =
      List.of(
          "digest",
          "schema_name",
          "count_star",
          "sum_timer_wait",
          "sum_lock_time",
          "sum_rows_sent",
          "sum_rows_examined",
          "sum_rows_affected",
          "sum_errors",
          "sum_warnings",
          "sum_created_tmp_tables",
          "sum_created_tmp_disk_tables",
          "sum_no_index_used",
          "min_timer_wait",
          "max_timer_wait",
          "avg_timer_wait",
          "since",
          "query");

  private MysqlDigestQuery() {}

  /** A digest to inline in SQL: hexadecimal only, anything else is refused. */
  static String literal(Object digest) {
    String d = String.valueOf(digest);
    if (!HEX.matcher(d).matches()) {
      throw new IllegalStateException("unexpected digest value: " + d);
    }
    return "'" + d + "'";
  }

  /**
   * One page ordered by digest (NULL first), from {@code from} inclusive; with {@code
   * ownSchemaOnly}, only the digests of the connected schema ({@code statementScope = database}).
   */
  static String page(Object from, int limit, boolean withText, boolean ownSchemaOnly) {
    String where =
        (ownSchemaOnly ? " AND SCHEMA_NAME <=> DATABASE()" : "")
            + (from == null ? "" : " AND DIGEST >= " + literal(from));
    return "SELECT DIGEST AS digest, SCHEMA_NAME AS schema_name, COUNT_STAR AS count_star,"
        + " SUM_TIMER_WAIT AS sum_timer_wait, SUM_LOCK_TIME AS sum_lock_time,"
        + " SUM_ROWS_SENT AS sum_rows_sent, SUM_ROWS_EXAMINED AS sum_rows_examined,"
        + " SUM_ROWS_AFFECTED AS sum_rows_affected, SUM_ERRORS AS sum_errors,"
        + " SUM_WARNINGS AS sum_warnings, SUM_CREATED_TMP_TABLES AS sum_created_tmp_tables,"
        + " SUM_CREATED_TMP_DISK_TABLES AS sum_created_tmp_disk_tables,"
        + " SUM_NO_INDEX_USED AS sum_no_index_used, MIN_TIMER_WAIT AS min_timer_wait,"
        + " MAX_TIMER_WAIT AS max_timer_wait, AVG_TIMER_WAIT AS avg_timer_wait,"
        + " UNIX_TIMESTAMP(FIRST_SEEN) AS since, "
        + (withText ? "LEFT(DIGEST_TEXT, " + TEXT_READ + ")" : "NULL")
        + " AS query FROM performance_schema.events_statements_summary_by_digest"
        + (where.isEmpty() ? "" : " WHERE" + where.substring(4))
        + " ORDER BY DIGEST LIMIT "
        + limit;
  }

  /** Texts of some digests. */
  static String texts(Collection<String> digests) {
    return "SELECT DIGEST AS digest, MIN(LEFT(DIGEST_TEXT, "
        + TEXT_READ
        + ")) AS query FROM performance_schema.events_statements_summary_by_digest"
        + " WHERE DIGEST IN ("
        + digests.stream().map(MysqlDigestQuery::literal).collect(Collectors.joining(","))
        + ") GROUP BY DIGEST";
  }

  /** Rows of {@link #page} as snapshots; {@code texts} by digest for rows read without text. */
  static List<StatementSnapshot> snapshots(ResultRows rows, Map<String, String> texts) {
    int[] c = new int[COLUMNS.size()];
    for (int i = 0; i < c.length; i++) {
      c[i] = rows.indexOf(COLUMNS.get(i));
      if (c[i] < 0) {
        throw new IllegalStateException("digest read has no column " + COLUMNS.get(i));
      }
    }
    List<StatementSnapshot> out = new ArrayList<>(rows.rows().size());
    for (Object[] r : rows.rows()) {
      String digest = r[c[0]] == null ? OVERFLOW : (String) r[c[0]];
      String text = (String) r[c[17]];
      if (text == null) {
        text = texts.get(digest);
      }
      double[] v = new double[MysqlDigestSchema.SIZE];
      for (int i = 0; i < 11; i++) {
        v[i] = num(r[c[i + 2]]);
      }
      v[1] *= PICO;
      v[2] *= PICO;
      v[11] = num(r[c[13]]) * PICO;
      v[12] = num(r[c[14]]) * PICO;
      v[13] = num(r[c[15]]) * PICO;
      Object since = r[c[16]];
      out.add(
          new StatementSnapshot(
              new StatementKey(digest, (String) r[c[1]], ""),
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
