package io.dbscope.engine.postgres.analytics;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The SQL that reads pg_stat_statements, built from the columns the installed extension version has
 * (the extension can lag the server after an upgrade, so columns are detected, not derived from the
 * server version):
 *
 * <ul>
 *   <li>{@code total_exec_time}, {@code min/max/mean_exec_time} (13+) or {@code total_time}…
 *       (older);
 *   <li>{@code shared_blk_read_time}/{@code shared_blk_write_time} (17+) or {@code
 *       blk_read_time}/{@code blk_write_time};
 *   <li>{@code toplevel} (14+): only top-level statements are read, so that with {@code
 *       pg_stat_statements.track = all} the time of a function's inner statements is not counted
 *       twice;
 *   <li>{@code stats_since} (17+): when the entry was created, to tell a re-created entry;
 *   <li>{@code pg_stat_statements_info} (14+): {@code stats_reset} and {@code dealloc}.
 * </ul>
 *
 * <p>The function {@code pg_stat_statements(showtext)} is read instead of the view so that texts
 * are read only when needed (the first read, and new fingerprints). Values come in the order of
 * {@link PgStatementsSchema}, times in milliseconds.
 *
 * @param schema the extension's schema, already quoted
 * @param columns the view's column names
 * @param hasInfo whether pg_stat_statements_info exists
 * @param ownDatabaseOnly read only the statements of the connected database ({@code statementScope
 *     = database})
 */
record PgStatementsQuery(
    String schema, Set<String> columns, boolean hasInfo, boolean ownDatabaseOnly) {
  /** Characters of text read per statement: enough to classify it, cut to queryTextLength later. */
  static final int TEXT_READ = 1024;

  /** Finds the extension in the connected database and whether it is preloaded. */
  static final String PROBE =
      """
      SELECT quote_ident(n.nspname) AS schema,
             current_setting('shared_preload_libraries') AS preload,
             (SELECT string_agg(a.attname::text, ',') FROM pg_attribute a
               WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS columns,
             to_regclass(quote_ident(n.nspname) || '.pg_stat_statements_info') IS NOT NULL
               AS has_info
        FROM pg_extension e
        JOIN pg_namespace n ON n.oid = e.extnamespace
        JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = 'pg_stat_statements'
       WHERE e.extname = 'pg_stat_statements'\
      """;

  PgStatementsQuery {
    columns = Set.copyOf(columns);
  }

  static PgStatementsQuery of(
      String schema, String columnList, boolean hasInfo, boolean ownDatabaseOnly) {
    Set<String> cols =
        Arrays.stream(columnList == null ? new String[0] : columnList.split(","))
            .map(String::strip)
            .collect(Collectors.toCollection(LinkedHashSet::new));
    return new PgStatementsQuery(schema, cols, hasInfo, ownDatabaseOnly);
  }

  /** Whether {@code shared_preload_libraries} loads pg_stat_statements ({@code $libdir/…} too). */
  static boolean preloaded(String setting) {
    if (setting == null) {
      return false;
    }
    for (String lib : setting.split(",")) {
      String l = lib.strip().replace("\"", "").replace("'", "");
      l = l.substring(l.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
      if (l.equals("pg_stat_statements") || l.equals("pg_stat_statements.so")) {
        return true;
      }
    }
    return false;
  }

  private String column(String... candidates) {
    for (String c : candidates) {
      if (columns.contains(c)) {
        return "s." + c;
      }
    }
    return "NULL::float8";
  }

  /**
   * One page of statistics, ordered by queryid, starting at {@code from} (inclusive).
   *
   * @param withText whether to read the statements' texts
   */
  String page(Object from, int limit, boolean withText) {
    StringBuilder sql = new StringBuilder(1024);
    sql.append("SELECT s.queryid, coalesce(d.datname, s.dbid::text) AS datname,")
        .append(" pg_get_userbyid(s.userid) AS usename,")
        .append(" s.calls, ")
        .append(column("total_exec_time", "total_time"))
        .append(" AS total_time, s.rows, s.shared_blks_hit, s.shared_blks_read, ")
        .append(column("shared_blk_read_time", "blk_read_time"))
        .append(" AS blk_read_time, ")
        .append(column("shared_blk_write_time", "blk_write_time"))
        .append(" AS blk_write_time, ")
        .append(column("temp_blks_written"))
        .append(" AS temp_blks_written, ")
        .append(column("wal_bytes"))
        .append("::float8 AS wal_bytes, ")
        .append(column("min_exec_time", "min_time"))
        .append(" AS min_time, ")
        .append(column("max_exec_time", "max_time"))
        .append(" AS max_time, ")
        .append(column("mean_exec_time", "mean_time"))
        .append(" AS mean_time, ")
        .append(
            columns.contains("stats_since")
                ? "extract(epoch FROM s.stats_since)::float8"
                : "NULL::float8")
        .append(" AS since, ")
        .append(withText ? "left(s.query, " + TEXT_READ + ")" : "NULL::text")
        .append(" AS query FROM ")
        .append(schema)
        .append(".pg_stat_statements(")
        .append(withText)
        .append(") s LEFT JOIN pg_database d ON d.oid = s.dbid WHERE s.queryid IS NOT NULL");
    if (columns.contains("toplevel")) {
      sql.append(" AND s.toplevel");
    }
    sql.append(ownDatabase());
    if (from != null) {
      sql.append(" AND s.queryid >= ").append(((Number) from).longValue());
    }
    return sql.append(" ORDER BY s.queryid LIMIT ").append(limit).toString();
  }

  /** Texts of some queryids (numbers only, so they are safe to inline). */
  String texts(Collection<Long> queryids) {
    String ids = queryids.stream().map(String::valueOf).collect(Collectors.joining(","));
    return "SELECT DISTINCT ON (s.queryid) s.queryid, left(s.query, "
        + TEXT_READ
        + ") AS query FROM "
        + schema
        + ".pg_stat_statements(true) s WHERE s.queryid IN ("
        + ids
        + ")"
        + (columns.contains("toplevel") ? " AND s.toplevel" : "")
        + ownDatabase()
        + " ORDER BY s.queryid";
  }

  private String ownDatabase() {
    return ownDatabaseOnly
        ? " AND s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())"
        : "";
  }

  /** {@code dealloc} and {@code stats_reset}, when pg_stat_statements_info exists. */
  String info() {
    return "SELECT dealloc, extract(epoch FROM stats_reset)::float8 AS stats_reset FROM "
        + schema
        + ".pg_stat_statements_info";
  }

  /** The columns of {@link #page} in order, for the mapping. */
  static final List<String> PAGE_COLUMNS =
      List.of(
          "queryid",
          "datname",
          "usename",
          "calls",
          "total_time",
          "rows",
          "shared_blks_hit",
          "shared_blks_read",
          "blk_read_time",
          "blk_write_time",
          "temp_blks_written",
          "wal_bytes",
          "min_time",
          "max_time",
          "mean_time",
          "since",
          "query");
}
