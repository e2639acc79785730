package io.dbscope.engine.mongodb;

import org.bson.Document;

/**
 * The topology labels percona's mongodb_exporter puts on its serverStatus series, read from the
 * same serverStatus reply (so that the default collectors cost one command per scrape):
 *
 * <ul>
 *   <li>{@code cl_role}: {@code mongos} for a router, {@code shardsvr} for a member of a replica
 *       set (percona's word for any server reporting a set name), else {@code mongod};
 *   <li>{@code rs_nm}: the replica set name ({@code repl.setName}), empty when standalone;
 *   <li>{@code rs_state}: the member state percona reads from replSetGetStatus ({@code 1} primary,
 *       {@code 2} secondary, {@code 7} arbiter), here from {@code repl.isWritablePrimary} / {@code
 *       ismaster}, {@code secondary} and {@code arbiterOnly}; empty when standalone or unknown.
 * </ul>
 */
record Topology(String role, String setName, String state) {

  static Topology of(Document serverStatus) {
    String process = String.valueOf(serverStatus.get("process"));
    Object repl = serverStatus.get("repl");
    if (process.startsWith("mongos")) {
      return new Topology("mongos", "", "");
    }
    if (!(repl instanceof Document r) || (r.get("setName") == null && r.get("hosts") == null)) {
      return new Topology("mongod", "", "");
    }
    String state = "";
    if (Boolean.TRUE.equals(r.get("isWritablePrimary")) || Boolean.TRUE.equals(r.get("ismaster"))) {
      state = "1";
    } else if (Boolean.TRUE.equals(r.get("secondary"))) {
      state = "2";
    } else if (Boolean.TRUE.equals(r.get("arbiterOnly"))) {
      state = "7";
    }
    Object name = r.get("setName");
    return new Topology("shardsvr", name == null ? "" : name.toString(), state);
  }
}
