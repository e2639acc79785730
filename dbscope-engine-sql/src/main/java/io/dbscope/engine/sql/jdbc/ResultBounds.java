package io.dbscope.engine.sql.jdbc;

import io.dbscope.core.config.DatasourceConfig;

/**
 * How many bytes a guarded (custom) query's result may hold: any one value, and all values of the
 * result together (the datasource's {@code customMaxValueBytes} and {@code customMaxResultBytes}).
 * A row limit alone does not bound memory: one row may carry a value of hundreds of megabytes.
 *
 * @param maxValueBytes bytes of one value at most (text as UTF-8)
 * @param maxResultBytes bytes of all values of a result at most
 */
public record ResultBounds(long maxValueBytes, long maxResultBytes) {
  /** No byte bound: built-in definitions, whose results the row cut bounds. */
  public static final ResultBounds NONE = new ResultBounds(Long.MAX_VALUE, Long.MAX_VALUE);

  public static ResultBounds of(DatasourceConfig config) {
    return new ResultBounds(config.customMaxValueBytes(), config.customMaxResultBytes());
  }
}
