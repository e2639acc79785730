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
  record Pick(String family, String label, Set<String> values, String otherName) {
    Pick(String family, String label, Set<String> values) {
      this(family, label, values, otherName(family));
    }

    static Pick all(String family) {
      return new Pick(family, null, Set.of());
    }

    /** A counter family may be kept with or without its {@code _total}: the name it has not. */
    private static String otherName(String family) {
      return family.endsWith(TOTAL)
          ? family.substring(0, family.length() - TOTAL.length())
          : family + TOTAL;
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

  /**
   * The value of {@code key} in {@code samples}, or NaN when the engine or samples have none. Each
   * family is looked up by its names: going through every family of every datasource's batch, for
   * each figure and at each scrape, made a view of each.
   */
  static double value(String engine, Key key, SampleBatch samples) {
    List<Pick> picks = BY_ENGINE.getOrDefault(engine, Map.of()).get(key);
    if (picks == null) {
      return Double.NaN;
    }
    double sum = Double.NaN;
    for (Pick p : picks) {
      sum = plus(sum, sum(samples.family(p.family()), p));
      sum = plus(sum, sum(samples.family(p.otherName()), p));
    }
    return sum;
  }

  /** The sum of {@code p}'s points in {@code f}, NaN when there is none. */
  private static double sum(SampleBatch.Family f, Pick p) {
    double sum = Double.NaN;
    if (f != null) {
      for (SampleBatch.Point pt : f.points()) {
        if (pt.suffix().isEmpty()
            && (p.label() == null || p.values().contains(pt.label(p.label())))) {
          sum = plus(sum, pt.value());
        }
      }
    }
    return sum;
  }

  /** {@code a + b} where NaN means none yet. */
  private static double plus(double a, double b) {
    return Double.isNaN(a) ? b : Double.isNaN(b) ? a : a + b;
  }
}
