package io.dbscope.engine.sql.jdbc;

import io.dbscope.core.engine.ResultRows;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a JDBC result into {@link ResultRows}: at most {@code maxRows} rows (a further row marks
 * the result truncated) and, for guarded queries, at most the {@link ResultBounds} in bytes.
 *
 * <p>Bytes are counted per value as the value arrives, text as its UTF-8 length, bytes as their
 * count, anything else as 8; a value or a running total past its bound stops the reading at once
 * with a {@link ResultTooLargeException} naming the bound, so that no more of the result reaches
 * the heap than the driver holds for the current row (see {@link JdbcDialect#guardedFetchSize}).
 */
final class ResultReader {
  private ResultReader() {}

  /** Reads at most {@code maxRows} rows with no byte bound. */
  static ResultRows read(ResultSet rs, int maxRows) throws SQLException {
    return read(rs, maxRows, ResultBounds.NONE);
  }

  static ResultRows read(ResultSet rs, int maxRows, ResultBounds bounds) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    int n = md.getColumnCount();
    List<String> cols = new ArrayList<>(n);
    for (int i = 1; i <= n; i++) {
      cols.add(md.getColumnLabel(i));
    }
    List<Object[]> rows = new ArrayList<>();
    boolean truncated = false;
    long total = 0;
    while (rs.next()) {
      if (rows.size() == maxRows) {
        truncated = true;
        break;
      }
      Object[] row = new Object[n];
      for (int i = 1; i <= n; i++) {
        Object raw = rs.getObject(i);
        long bytes = bytes(raw);
        if (bytes > bounds.maxValueBytes()) {
          throw new ResultTooLargeException(
              "row "
                  + (rows.size() + 1)
                  + ", column "
                  + cols.get(i - 1)
                  + ": a value of "
                  + bytes
                  + " bytes, more than customMaxValueBytes = "
                  + bounds.maxValueBytes());
        }
        total += bytes;
        if (total > bounds.maxResultBytes()) {
          throw new ResultTooLargeException(
              "the result has more than customMaxResultBytes = "
                  + bounds.maxResultBytes()
                  + " bytes by row "
                  + (rows.size() + 1));
        }
        row[i - 1] = value(raw);
      }
      rows.add(row);
    }
    return new ResultRows(cols, rows, truncated);
  }

  /** The bytes a value takes on the wire, near enough: text as UTF-8, numbers as 8. */
  static long bytes(Object o) {
    return switch (o) {
      case null -> 0;
      case String s -> utf8Length(s);
      case byte[] b -> b.length;
      case Number x -> 8;
      case Boolean b -> 1;
      default -> utf8Length(o.toString());
    };
  }

  private static long utf8Length(String s) {
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      // A surrogate pair is 4 bytes in UTF-8, 2 for each half.
      n += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
    }
    return n;
  }

  private static Object value(Object o) {
    return switch (o) {
      case null -> null;
      case BigDecimal b -> b.doubleValue();
      case Number n -> n;
      case Boolean b -> b;
      case Timestamp t -> t.getTime() / 1000.0;
      case OffsetDateTime t -> t.toInstant().toEpochMilli() / 1000.0;
      case java.sql.Array a -> a.toString();
      default -> o.toString();
    };
  }
}
