package io.dbscope.sql;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Well-known functions a custom metric query may not call, each with the reason a user reads in the
 * rejection. A read-only transaction stops writes to tables, but not what these do: read or list
 * server files, run SQL given as text, signal other sessions, change server state, take locks that
 * outlive the query, advance sequences, reset statistics.
 *
 * <p>This list only explains refusals: the decision is {@link AllowedFunctions}'s, which refuses
 * every function not known to be read-only, these and the ones no list can know (an extension's, a
 * user-defined one). The operator may still allow one of these by name in {@code allowedFunctions}
 * (for example {@code pg_ls_waldir}, which {@code pg_monitor} may call).
 *
 * <p>Names are compared lower-cased and without schema ({@code pg_catalog.pg_read_file} is {@code
 * pg_read_file}). Monitoring roles ({@code pg_monitor}, MySQL {@code PROCESS}/{@code REPLICATION
 * CLIENT}) need none of them.
 */
final class ForbiddenFunctions {
  private static final String FILES = "reads, lists or writes files on the database server";
  private static final String LARGE_OBJECTS = "reads or writes large objects and server files";
  private static final String SQL_TEXT = "runs SQL given as text, which the guard cannot check";
  private static final String REMOTE = "connects to another server";
  private static final String SESSIONS = "signals or terminates other sessions";
  private static final String SERVER =
      "changes server state (configuration, WAL, replication, buffers)";
  private static final String LOCKS = "takes a lock that outlives the query";
  private static final String SEQUENCES = "advances or sets a sequence";
  private static final String RESETS = "resets statistics";
  private static final String STATISTICS = "writes planner statistics";
  private static final String SETTINGS = "changes session settings";
  private static final String NOTIFY = "sends notifications to other sessions";
  private static final String CPU = "burns CPU on purpose";
  private static final String WAITS = "waits for replication while holding the connection";
  private static final String COMMANDS = "runs operating system commands";

  private static final Map<String, String> EXACT =
      Map.ofEntries(
          Map.entry("pg_read_file", FILES),
          Map.entry("pg_read_binary_file", FILES),
          Map.entry("pg_stat_file", FILES),
          Map.entry("pg_logdir_ls", FILES),
          Map.entry("load_file", FILES),
          Map.entry("loread", LARGE_OBJECTS),
          Map.entry("lowrite", LARGE_OBJECTS),
          Map.entry("query_to_xml", SQL_TEXT),
          Map.entry("query_to_xmlschema", SQL_TEXT),
          Map.entry("query_to_xml_and_xmlschema", SQL_TEXT),
          Map.entry("cursor_to_xml", SQL_TEXT),
          Map.entry("cursor_to_xmlschema", SQL_TEXT),
          Map.entry("ts_stat", SQL_TEXT),
          Map.entry("ts_rewrite", SQL_TEXT),
          Map.entry("connectby", SQL_TEXT),
          Map.entry("xpath_table", SQL_TEXT),
          Map.entry("pg_terminate_backend", SESSIONS),
          Map.entry("pg_cancel_backend", SESSIONS),
          Map.entry("pg_signal_backend", SESSIONS),
          Map.entry("pg_log_backend_memory_contexts", SESSIONS),
          Map.entry("pg_reload_conf", SERVER),
          Map.entry("pg_rotate_logfile", SERVER),
          Map.entry("pg_rotate_logfile_old", SERVER),
          Map.entry("pg_switch_wal", SERVER),
          Map.entry("pg_switch_xlog", SERVER),
          Map.entry("pg_promote", SERVER),
          Map.entry("pg_create_restore_point", SERVER),
          Map.entry("pg_start_backup", SERVER),
          Map.entry("pg_stop_backup", SERVER),
          Map.entry("pg_backup_start", SERVER),
          Map.entry("pg_backup_stop", SERVER),
          Map.entry("pg_log_standby_snapshot", SERVER),
          Map.entry("pg_import_system_collations", SERVER),
          Map.entry("pg_create_physical_replication_slot", SERVER),
          Map.entry("pg_create_logical_replication_slot", SERVER),
          Map.entry("pg_copy_physical_replication_slot", SERVER),
          Map.entry("pg_copy_logical_replication_slot", SERVER),
          Map.entry("pg_drop_replication_slot", SERVER),
          Map.entry("pg_replication_slot_advance", SERVER),
          Map.entry("pg_sync_replication_slots", SERVER),
          Map.entry("pg_logical_emit_message", SERVER),
          Map.entry("pg_prewarm", SERVER),
          Map.entry("get_lock", LOCKS),
          Map.entry("release_lock", LOCKS),
          Map.entry("release_all_locks", LOCKS),
          Map.entry("nextval", SEQUENCES),
          Map.entry("setval", SEQUENCES),
          Map.entry("set_config", SETTINGS),
          Map.entry("pg_notify", NOTIFY),
          Map.entry("benchmark", CPU),
          Map.entry("master_pos_wait", WAITS),
          Map.entry("source_pos_wait", WAITS),
          Map.entry("master_gtid_wait", WAITS),
          Map.entry("wait_for_executed_gtid_set", WAITS),
          Map.entry("wait_until_sql_thread_after_gtids", WAITS),
          Map.entry("sys_exec", COMMANDS),
          Map.entry("sys_eval", COMMANDS),
          Map.entry("sys_bineval", COMMANDS),
          Map.entry("sys_get", COMMANDS),
          Map.entry("sys_set", COMMANDS));

  /** Families known by prefix; checked in order. */
  private static final List<Map.Entry<String, String>> PREFIXES =
      List.of(
          Map.entry("pg_ls_", FILES),
          Map.entry("pg_file_", FILES),
          Map.entry("lo_", LARGE_OBJECTS),
          Map.entry("dblink", REMOTE),
          Map.entry("pg_logical_slot_", SERVER),
          Map.entry("pg_replication_origin_", SERVER),
          Map.entry("pg_wal_replay_", SERVER),
          Map.entry("pg_xlog_replay_", SERVER),
          Map.entry("pg_buffercache_evict", SERVER),
          Map.entry("crosstab", SQL_TEXT),
          Map.entry("pg_restore_", STATISTICS),
          Map.entry("pg_clear_", STATISTICS),
          Map.entry("pg_advisory_", LOCKS),
          Map.entry("pg_try_advisory_", LOCKS),
          Map.entry("pg_stat_reset", RESETS));

  private ForbiddenFunctions() {}

  /**
   * Why {@code name} may not be called, or empty when it may.
   *
   * @param name a function name, possibly qualified or quoted
   */
  static Optional<String> reason(String name) {
    String n = bare(name);
    String r = EXACT.get(n);
    if (r != null) {
      return Optional.of(r);
    }
    for (var e : PREFIXES) {
      if (n.startsWith(e.getKey())) {
        return Optional.of(e.getValue());
      }
    }
    // pg_stat_statements_reset, pg_stat_kcache_reset, pg_wait_sampling_reset_profile, ...; not
    // the readers of a reset's time (pg_stat_get_db_stat_reset_time).
    if (n.contains("_reset") && !n.endsWith("_reset_time")) {
      return Optional.of(RESETS);
    }
    return Optional.empty();
  }

  /** Lower-cased, without schema and quotes. */
  static String bare(String name) {
    String n = name.strip();
    int dot = n.lastIndexOf('.');
    if (dot >= 0) {
      n = n.substring(dot + 1);
    }
    if (n.length() >= 2 && (n.charAt(0) == '"' || n.charAt(0) == '`')) {
      n = n.substring(1, n.length() - 1);
    }
    return n.toLowerCase(java.util.Locale.ROOT);
  }
}
