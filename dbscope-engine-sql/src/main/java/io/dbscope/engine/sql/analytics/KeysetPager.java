package io.dbscope.engine.sql.analytics;

import io.dbscope.core.engine.ResultRows;
import io.dbscope.core.engine.Session;
import io.dbscope.core.scrape.Deadline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads a large view in pages ordered by a key, each page starting at the last key of the previous
 * one ({@code key >= last}), since a JDBC session caps one result at 10,000 rows and a statement
 * view may hold more. Keys need not be unique: the rows of the last key of a full page are dropped
 * and read again with the next page, so no row is lost or read twice, as long as fewer than one
 * page of rows share a key. Pages are read at different instants; each row is still read exactly
 * once, which is what delta tracking needs.
 *
 * <pre>{@code
 * ResultRows all = KeysetPager.readAll(session, deadline, timeout, 5000, "queryid",
 *     (from, limit) -> "SELECT … WHERE queryid >= " + from + " ORDER BY queryid LIMIT " + limit);
 * }</pre>
 */
public final class KeysetPager {

  /** Builds one page's query. */
  @FunctionalInterface
  public interface PageQuery {
    /**
     * @param from the key to start at (inclusive), null for the first page
     * @param limit the page size
     */
    String sql(Object from, int limit);
  }

  private KeysetPager() {}

  public static ResultRows readAll(
      Session session,
      Deadline deadline,
      Duration timeout,
      int pageSize,
      String keyColumn,
      PageQuery query)
      throws Exception {
    List<String> columns = null;
    List<Object[]> rows = new ArrayList<>();
    Object from = null;
    while (true) {
      ResultRows page = session.run(query.sql(from, pageSize), deadline.cap(timeout));
      int key = page.indexOf(keyColumn);
      if (key < 0) {
        throw new IllegalStateException("page query has no column " + keyColumn);
      }
      columns = page.columns();
      List<Object[]> got = page.rows();
      if (got.size() < pageSize) {
        rows.addAll(got);
        return new ResultRows(columns, rows);
      }
      Object last = got.get(got.size() - 1)[key];
      int keep = got.size();
      while (keep > 0 && Objects.equals(got.get(keep - 1)[key], last)) {
        keep--;
      }
      if (keep == 0 || last == null) {
        throw new IllegalStateException(
            "more than " + pageSize + " rows share " + keyColumn + " = " + last);
      }
      rows.addAll(got.subList(0, keep));
      from = last;
    }
  }
}
