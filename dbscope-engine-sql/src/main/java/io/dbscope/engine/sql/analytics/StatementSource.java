package io.dbscope.engine.sql.analytics;

import java.util.List;

/**
 * A stateful collector that can list its tracked statements, for the HTTP API. The server finds it
 * among {@code MonitoredDatasource.statefulCollectors()} with an {@code instanceof} check.
 *
 * <pre>{@code
 * for (StatefulCollector c : datasource.statefulCollectors()) {
 *   if (c instanceof StatementSource s) {
 *     return s.statements("total_time", 50);
 *   }
 * }
 * }</pre>
 */
public interface StatementSource {

  /** The sort keys {@link #statements} accepts. */
  List<String> SORT_KEYS = List.of("total_time", "calls", "mean_time", "rows", "errors");

  /**
   * The tracked statements, highest first by the server's cumulative value of {@code sort} (ties by
   * total time), at most {@code limit}. A statistic the engine does not have (errors on PostgreSQL)
   * sorts as 0. Empty before the first collection.
   *
   * @throws IllegalArgumentException for a sort key not in {@link #SORT_KEYS} or a limit below 1
   */
  List<StatementView> statements(String sort, int limit);
}
