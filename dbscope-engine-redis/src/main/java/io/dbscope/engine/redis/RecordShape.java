package io.dbscope.engine.redis;

import java.util.List;

/**
 * How the record lines of one INFO section become rows: the name of the column that holds the
 * line's key (with {@code stripPrefix} removed) and the fields every row has, present or not, so
 * that a definition can rely on its columns across Redis versions (a missing field is NULL, which
 * maps to no sample, never to 0). Fields beyond the fixed ones are appended as further columns.
 *
 * <table>
 *   <caption>Record shapes</caption>
 *   <tr><th>section</th><th>line</th><th>columns</th></tr>
 *   <tr><td>keyspace</td><td>{@code db0:keys=1,expires=0,avg_ttl=0}</td>
 *       <td>db, keys, expires, avg_ttl, subexpiry</td></tr>
 *   <tr><td>commandstats</td><td>{@code cmdstat_get:calls=2,usec=5,usec_per_call=2.5,...}</td>
 *       <td>cmd, calls, usec, usec_per_call, rejected_calls, failed_calls</td></tr>
 *   <tr><td>errorstats</td><td>{@code errorstat_ERR:count=1}</td><td>error, count</td></tr>
 *   <tr><td>latencystats</td><td>{@code latency_percentiles_usec_get:p50=1.0,p99=2.0}</td>
 *       <td>cmd, then one column per percentile</td></tr>
 *   <tr><td>replication</td>
 *       <td>{@code slave0:ip=10.0.0.2,port=6379,state=online,offset=1,lag=0}</td>
 *       <td>slave, ip, port, state, offset, lag</td></tr>
 *   <tr><td>any other</td><td>{@code module:name=search,ver=1}</td>
 *       <td>key, then the fields</td></tr>
 * </table>
 *
 * @param nameColumn column holding the line's key
 * @param stripPrefix removed from the key when present ({@code cmdstat_get} becomes {@code get})
 * @param fields fields every row has, in column order
 * @param padDatabases whether absent databases {@code db0..db(n-1)} get rows with zero keys
 */
record RecordShape(
    String nameColumn, String stripPrefix, List<String> fields, boolean padDatabases) {

  RecordShape {
    fields = List.copyOf(fields);
  }

  /** Sections whose lines are all records; {@code INFO <section>} defaults to records for these. */
  static boolean isRecordSection(String section) {
    return switch (section) {
      case "keyspace", "commandstats", "errorstats", "latencystats" -> true;
      default -> false;
    };
  }

  static RecordShape of(String section) {
    return switch (section) {
      case "keyspace" ->
          new RecordShape("db", "", List.of("keys", "expires", "avg_ttl", "subexpiry"), true);
      case "commandstats" ->
          new RecordShape(
              "cmd",
              "cmdstat_",
              List.of("calls", "usec", "usec_per_call", "rejected_calls", "failed_calls"),
              false);
      case "errorstats" -> new RecordShape("error", "errorstat_", List.of("count"), false);
      case "latencystats" -> new RecordShape("cmd", "latency_percentiles_usec_", List.of(), false);
      case "replication" ->
          new RecordShape("slave", "", List.of("ip", "port", "state", "offset", "lag"), false);
      default -> new RecordShape("key", "", List.of(), false);
    };
  }
}
