package io.dbscope.core.engine;

import java.util.List;
import java.util.Locale;

/**
 * The raw result of one definition's query: lower-cased column names and the rows as values ({@link
 * Number}, {@link String}, {@link Boolean} or null). Engines produce it; {@link RowMapper} turns it
 * into samples without any I/O, so mapping is tested with literal rows.
 *
 * @param truncated whether the query returned more rows than the definition's {@code maxRows} and
 *     the rest was cut (the rows held here are the first {@code maxRows})
 */
public record ResultRows(List<String> columns, List<Object[]> rows, boolean truncated) {
  public ResultRows {
    columns = columns.stream().map(c -> c.toLowerCase(Locale.ROOT)).toList();
    rows = List.copyOf(rows);
  }

  /** A complete (not truncated) result. */
  public ResultRows(List<String> columns, List<Object[]> rows) {
    this(columns, rows, false);
  }

  /** Index of a column, or -1. */
  public int indexOf(String column) {
    return columns.indexOf(column);
  }

  public static ResultRows of(List<String> columns, List<Object[]> rows) {
    return new ResultRows(columns, rows);
  }
}
