package io.dbscope.engine.mongodb;

import java.util.Locale;

/**
 * What a MongoDB definition's {@code query} may say: one of a closed list of read-only diagnostic
 * commands, each turned into rows by {@link DocumentRows}. Nothing else runs, so a definition can
 * never write or read user documents.
 *
 * <ul>
 *   <li>{@code serverStatus}: every numeric field as a {@code (key, value)} row, the key its dotted
 *       path ({@code opcounters.insert}), with the topology columns {@code cl_role}, {@code rs_nm},
 *       {@code rs_state};
 *   <li>{@code replSetGetStatus}: one row per member;
 *   <li>{@code dbStats}: one row per database;
 *   <li>{@code collStats}: one row per collection of the user databases, at most {@code
 *       collStatsLimit};
 *   <li>{@code currentOp}: one row per operation kind ({@code op}) of the active operations;
 *   <li>{@code top}: one row per collection and operation kind;
 *   <li>{@code buildInfo}: one row, the version, edition and vendor;
 *   <li>{@code indexStats}: the {@code $indexStats} aggregation of the collections of the user
 *       databases, at most {@code collStatsLimit} collections, one row per index and field.
 * </ul>
 */
enum MongoQuery {
  SERVER_STATUS("serverStatus"),
  REPL_SET_GET_STATUS("replSetGetStatus"),
  DB_STATS("dbStats"),
  COLL_STATS("collStats"),
  CURRENT_OP("currentOp"),
  TOP("top"),
  BUILD_INFO("buildInfo"),
  INDEX_STATS("indexStats");

  private final String command;

  MongoQuery(String command) {
    this.command = command;
  }

  /** The command's name as the server knows it. */
  String command() {
    return command;
  }

  /**
   * @throws IllegalArgumentException naming the commands a query may be
   */
  static MongoQuery parse(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    for (MongoQuery q : values()) {
      if (q.command.toLowerCase(Locale.ROOT).equals(t)) {
        return q;
      }
    }
    throw new IllegalArgumentException(
        "'"
            + text.strip()
            + "' is not a MongoDB query; one of serverStatus, replSetGetStatus,"
            + " dbStats, collStats, currentOp, top, buildInfo, indexStats");
  }
}
