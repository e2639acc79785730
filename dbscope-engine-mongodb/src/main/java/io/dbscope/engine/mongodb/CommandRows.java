package io.dbscope.engine.mongodb;

import io.dbscope.core.engine.ResultRows;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * The rows of the opt-in commands, pure functions of their replies: {@code (key, value)} rows with
 * the labels percona's mongodb_exporter gives the same fields.
 */
final class CommandRows {
  private CommandRows() {}

  /**
   * replSetGetStatus: top-level numbers ({@code myState}, {@code term}) and each member's numbers
   * under {@code members.<field>}, labelled with the member's {@code name} ({@code member_idx}) and
   * {@code stateStr} ({@code member_state}) as percona does.
   */
  static ResultRows replSetStatus(Document doc) {
    String set = String.valueOf(doc.getOrDefault("set", ""));
    Object my = doc.get("myState");
    String myState = my instanceof Number n ? Integer.toString(n.intValue()) : "";
    List<Object[]> rows = new ArrayList<>();
    DocumentRows.flatten(
        "", without(doc, "members"), (k, v) -> rows.add(row(k, v, "", "", set, myState)));
    if (doc.get("members") instanceof List<?> members) {
      for (Object m : members) {
        if (m instanceof Document d) {
          String name = String.valueOf(d.getOrDefault("name", ""));
          String state = String.valueOf(d.getOrDefault("stateStr", ""));
          DocumentRows.flatten(
              "members", d, (k, v) -> rows.add(row(k, v, name, state, set, myState)));
        }
      }
    }
    return ResultRows.of(
        List.of("key", "value", "member_idx", "member_state", "cl_role", "rs_nm", "rs_state"),
        rows);
  }

  private static Object[] row(
      String k, double v, String member, String state, String set, String myState) {
    return new Object[] {k, v, member, state, "shardsvr", set, myState};
  }

  /** One database's dbStats reply, labelled {@code database}. */
  static void dbStats(String database, Document doc, List<Object[]> rows) {
    DocumentRows.flatten("", doc, (k, v) -> rows.add(new Object[] {k, v, database}));
  }

  static ResultRows dbStatsRows(List<Object[]> rows) {
    return ResultRows.of(List.of("key", "value", "database"), rows);
  }

  /**
   * One collection's collStats reply, its fields keyed as percona keys {@code $collStats}'
   * storageStats (the command's top-level fields are the same), labelled {@code database} and
   * {@code collection}; per-index sizes and the WiredTiger sub-document are left out.
   */
  static void collStats(String db, String coll, Document doc, List<Object[]> rows) {
    Document top = new Document(doc);
    top.remove("wiredTiger");
    top.remove("indexDetails");
    top.remove("indexSizes");
    DocumentRows.flatten("", top, (k, v) -> rows.add(new Object[] {k, v, db, coll}));
  }

  static final List<String> INDEX_STATS_COLUMNS =
      List.of("key", "value", "database", "collection", "key_name");

  /**
   * One collection's {@code $indexStats} result, one document per index: {@code accesses.ops} keyed
   * {@code accesses.ops} (0 when the server gives none, as percona does), labelled {@code
   * database}, {@code collection} and the index name ({@code key_name}).
   */
  static void indexStats(String db, String coll, List<Document> stats, List<Object[]> rows) {
    for (Document index : stats) {
      Double ops = DocumentRows.number(DocumentRows.at(index, "accesses.ops"));
      String name = String.valueOf(index.getOrDefault("name", ""));
      rows.add(new Object[] {"accesses.ops", ops == null ? 0.0 : ops, db, coll, name});
    }
  }

  /**
   * buildInfo as percona's mongodb_version_info reads it: {@code mongodb} the version, {@code
   * edition} {@code Enterprise} when the first module is {@code enterprise} (else {@code
   * Community}), {@code vendor} {@code Percona} when the reply has {@code psmdbVersion} (else
   * {@code MongoDB}); one row, value 1.
   */
  static ResultRows buildInfo(Document doc) {
    String edition =
        doc.get("modules") instanceof List<?> modules
                && !modules.isEmpty()
                && "enterprise".equals(modules.getFirst())
            ? "Enterprise"
            : "Community";
    String vendor = doc.containsKey("psmdbVersion") ? "Percona" : "MongoDB";
    String version = String.valueOf(doc.getOrDefault("version", ""));
    List<Object[]> rows = new ArrayList<>();
    rows.add(new Object[] {version, edition, vendor, 1.0});
    return ResultRows.of(List.of("mongodb", "edition", "vendor", "info"), rows);
  }

  /**
   * currentOp: per operation kind ({@code op}: a short fixed list such as {@code command}, {@code
   * query}, {@code update}, {@code none}), the active operations running at least {@code
   * threshold}, the longest of them in seconds (0 when none) and how many of them wait for a lock.
   * Only the kind is a label, never the operation's id, namespace or text, so the series stay
   * bounded however many operations run.
   */
  static ResultRows slowOperations(Document reply, java.time.Duration threshold) {
    double min = threshold.toNanos() / 1e9;
    Map<String, double[]> byOp = new java.util.TreeMap<>();
    if (reply.get("inprog") instanceof List<?> ops) {
      for (Object o : ops) {
        if (!(o instanceof Document op) || Boolean.FALSE.equals(op.get("active"))) {
          continue;
        }
        double[] agg =
            byOp.computeIfAbsent(String.valueOf(op.getOrDefault("op", "none")), k -> new double[3]);
        double secs = seconds(op);
        if (secs >= min && secs > 0) {
          agg[0]++;
          agg[1] = Math.max(agg[1], secs);
          if (Boolean.TRUE.equals(op.get("waitingForLock"))) {
            agg[2]++;
          }
        }
      }
    }
    List<Object[]> rows = new ArrayList<>();
    byOp.forEach((op, a) -> rows.add(new Object[] {op, a[0], a[1], a[2]}));
    return ResultRows.of(List.of("op", "slow", "max_seconds", "waiting_for_lock"), rows);
  }

  /** Running time: microsecs_running when reported (precise), else secs_running, else 0. */
  static double seconds(Document op) {
    if (op.get("microsecs_running") instanceof Number us) {
      return us.doubleValue() / 1e6;
    }
    return op.get("secs_running") instanceof Number s ? s.doubleValue() : 0;
  }

  /**
   * top: {@code totals.<db.collection>.<operation>.{time,count}} as rows keyed {@code
   * <operation>.<time|count>}, labelled {@code database} and {@code collection}; at most {@code
   * limit} collections (0: none).
   */
  static ResultRows top(Document doc, int limit) {
    List<Object[]> rows = new ArrayList<>();
    if (doc.get("totals") instanceof Map<?, ?> totals) {
      int n = 0;
      for (Map.Entry<?, ?> e : totals.entrySet()) {
        String ns = String.valueOf(e.getKey());
        int dot = ns.indexOf('.');
        if (dot <= 0 || !(e.getValue() instanceof Document ops)) {
          continue; // "note" and other non-namespace fields
        }
        if (n++ >= limit) {
          break;
        }
        String db = ns.substring(0, dot);
        String coll = ns.substring(dot + 1);
        DocumentRows.flatten("", ops, (k, v) -> rows.add(new Object[] {k, v, db, coll}));
      }
    }
    return ResultRows.of(List.of("key", "value", "database", "collection"), rows);
  }

  private static Document without(Document doc, String field) {
    Document copy = new Document(doc);
    copy.remove(field);
    return copy;
  }
}
