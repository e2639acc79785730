package io.dbscope.server.api;

import io.dbscope.core.metrics.SampleBatch;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where the console's few key figures come from in a datasource's samples, per engine: which
 * families sum up to its queries and transactions (counters, turned into rates by {@link History}),
 * its client connections and its sessions waiting for a lock. An engine or figure not listed has no
 * value (shown as a dash), never a made-up 0.
 */
final class KeySeries {
  /** The figures, in the order {@link History} keeps them. */
  enum Key {
    QUERIES,
    TRANSACTIONS,
    CONNECTIONS,
    LOCK_WAITS
  }

  /**
   * One family, all its points or those whose {@code label} is one of {@code values}.
   *
   * @param label null for every point
   */
  record Pick(String family, String label, Set<String> values) {
    static Pick all(String family) {
      return new Pick(family, null, Set.of());
    }
  }

  private static final Map<String, Map<Key, List<Pick>>> BY_ENGINE =
      Map.of(
          "postgres",
          Map.of(
              Key.QUERIES, List.of(Pick.all("pg_query_calls_total")),
              Key.TRANSACTIONS,
                  List.of(
                      Pick.all("pg_stat_database_xact_commit"),
                      Pick.all("pg_stat_database_xact_rollback")),
              Key.CONNECTIONS, List.of(Pick.all("pg_stat_database_numbackends")),
              Key.LOCK_WAITS, List.of(Pick.all("pg_lock_waiting_sessions"))),
          "mysql",
          Map.of(
              Key.QUERIES, List.of(Pick.all("mysql_global_status_queries")),
              Key.TRANSACTIONS,
                  List.of(
                      new Pick(
                          "mysql_global_status_commands_total",
                          "command",
                          Set.of("commit", "rollback"))),
              Key.CONNECTIONS, List.of(Pick.all("mysql_global_status_threads_connected")),
              Key.LOCK_WAITS, List.of(Pick.all("mysql_lock_waiting_sessions"))),
          "redis",
          Map.of(
              Key.QUERIES, List.of(Pick.all("redis_commands_processed_total")),
              Key.CONNECTIONS, List.of(Pick.all("redis_connected_clients"))),
          "mongodb",
          Map.of(
              Key.QUERIES, List.of(Pick.all("mongodb_ss_opcounters")),
              Key.CONNECTIONS,
                  List.of(new Pick("mongodb_ss_connections", "conn_type", Set.of("current")))));

  private static final String TOTAL = "_total";

  private KeySeries() {}

  /** The value of {@code key} in {@code samples}, or NaN when the engine or samples have none. */
  static double value(String engine, Key key, SampleBatch samples) {
    List<Pick> picks = BY_ENGINE.getOrDefault(engine, Map.of()).get(key);
    if (picks == null) {
      return Double.NaN;
    }
    double sum = 0;
    boolean found = false;
    for (SampleBatch.Family f : samples.families()) {
      for (Pick p : picks) {
        if (!sameName(f.name(), p.family())) {
          continue;
        }
        for (SampleBatch.Point pt : f.points()) {
          if (pt.suffix().isEmpty()
              && (p.label() == null || p.values().contains(pt.label(p.label())))) {
            sum += pt.value();
            found = true;
          }
        }
      }
    }
    return found ? sum : Double.NaN;
  }

  /**
   * A counter family may be kept with or without its {@code _total}. Compared in place: joining the
   * suffix for each family, figure and datasource was a twentieth of what a fleet's scrape
   * allocated (JFR).
   */
  static boolean sameName(String family, String wanted) {
    return family.equals(wanted) || withTotal(family, wanted) || withTotal(wanted, family);
  }

  private static boolean withTotal(String base, String name) {
    return name.length() == base.length() + TOTAL.length()
        && name.startsWith(base)
        && name.endsWith(TOTAL);
  }
}
