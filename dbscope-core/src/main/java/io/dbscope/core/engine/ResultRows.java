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
    columns = lowerCased(columns);
    rows = List.copyOf(rows);
  }

  /**
   * The names lower-cased, the list itself when they already are (nearly always: most engines' and
   * every definition's names are): a stream per result was a fortieth of a Redis scrape's CPU.
   */
  private static List<String> lowerCased(List<String> columns) {
    String[] changed = null;
    for (int i = 0; i < columns.size(); i++) {
      String c = columns.get(i);
      String lower = c.toLowerCase(Locale.ROOT);
      if (!lower.equals(c)) {
        if (changed == null) {
          changed = columns.toArray(String[]::new);
        }
        changed[i] = lower;
      }
    }
    return changed == null ? List.copyOf(columns) : List.of(changed);
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
