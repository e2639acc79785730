package io.dbscope.jdbc;

import io.dbscope.sql.SqlDialect;
import io.dbscope.sql.SqlFingerprint;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The statement fingerprints of one datasource with their statistics, bounded: at most {@code
 * capacity} fingerprints are tracked, later new ones are counted together under {@link #OVERFLOW},
 * so that an application sending literals inline cannot grow it without end. Texts already seen map
 * to their entry without normalizing again (that map is bounded too).
 *
 * <p>The fingerprint is {@link SqlFingerprint}'s, the one dbscope computes for the texts of {@code
 * pg_stat_statements} and {@code performance_schema}, so the two sides can be joined.
 */
final class StatementTable {
  static final String OVERFLOW = "overflow";

  private final int capacity;
  private final ConcurrentHashMap<String, StatementStats> byFingerprint = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, SqlInfo> bySql = new ConcurrentHashMap<>();
  private final StatementStats overflow = new StatementStats(OVERFLOW, "", "OTHER");

  StatementTable(int capacity) {
    this.capacity = capacity;
  }

  /** The operation and statistics entry of a statement text. */
  SqlInfo info(String sql, SqlDialect dialect) {
    SqlInfo known = bySql.get(sql);
    if (known != null) {
      return known;
    }
    int op = OperationName.index(sql);
    String text = SqlFingerprint.text(sql, dialect);
    String id = SqlFingerprint.idOfText(text);
    StatementStats stats = byFingerprint.get(id);
    if (stats == null) {
      stats =
          byFingerprint.size() < capacity
              ? byFingerprint.computeIfAbsent(
                  id, k -> new StatementStats(k, text, OperationName.NAMES[op]))
              : overflow;
    }
    SqlInfo info = new SqlInfo(op, stats);
    if (bySql.size() < capacity * 4) {
      bySql.putIfAbsent(sql, info);
    }
    return info;
  }

  /** The {@code k} fingerprints with the most time, then the overflow entry if it was used. */
  List<StatementStats> top(int k) {
    List<StatementStats> all = new ArrayList<>(byFingerprint.values());
    all.sort(Comparator.comparingLong((StatementStats s) -> s.nanos.sum()).reversed());
    List<StatementStats> out = new ArrayList<>(all.subList(0, Math.min(k, all.size())));
    if (overflow.calls.sum() > 0) {
      out.add(overflow);
    }
    return out;
  }
}
