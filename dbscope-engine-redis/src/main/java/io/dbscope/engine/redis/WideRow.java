package io.dbscope.engine.redis;

import io.dbscope.core.engine.ResultRows;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The row shape of INFO ({@code INFO server memory replication AS ROW}): exactly one row whose
 * columns are the plain keys of the selected sections (the first occurrence of a key wins), plus a
 * column {@code one} that is always 1.
 *
 * <p>This is the shape for info-style metrics whose labels come from several INFO fields, such as
 * {@code redis_instance_info{role,redis_version,...} 1}: the fields become label columns and {@code
 * one} is the value, as {@code SELECT ..., 1 AS one} would be in SQL.
 *
 * <p>The fields redis_exporter reads for its instance and replica metrics ({@link #STABLE}) are
 * always columns, NULL when the server does not report them (older versions, managed services that
 * hide fields): a NULL label is empty, as in redis_exporter, and a NULL value gives no sample, so a
 * hidden field never fails the collector.
 */
final class WideRow {
  /** The constant column. */
  static final String ONE = "one";

  /** Columns present even when the reply lacks them. */
  static final List<String> STABLE =
      List.of(
          "role",
          "redis_version",
          "redis_build_id",
          "redis_mode",
          "os",
          "maxmemory_policy",
          "tcp_port",
          "run_id",
          "process_id",
          "master_replid",
          "master_host",
          "master_port",
          "master_link_status",
          "master_last_io_seconds_ago",
          "master_sync_in_progress",
          "slave_repl_offset",
          "slave_read_only");

  private WideRow() {}

  static ResultRows of(InfoText info, Collection<String> sections) {
    Map<String, String> values = new LinkedHashMap<>();
    for (InfoText.Line l : info.lines(sections)) {
      if (!l.isRecord()) {
        values.putIfAbsent(l.key().toLowerCase(Locale.ROOT), l.value());
      }
    }
    for (String key : STABLE) {
      values.putIfAbsent(key, null);
    }
    values.remove(ONE);
    List<String> columns = new ArrayList<>(values.keySet());
    columns.add(ONE);
    Object[] row = new Object[columns.size()];
    int i = 0;
    for (String v : values.values()) {
      row[i++] = v;
    }
    row[i] = 1;
    List<Object[]> rows = new ArrayList<>();
    rows.add(row);
    return ResultRows.of(columns, rows);
  }
}
