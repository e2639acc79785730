package io.dbscope.engine.mongodb;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bson.Document;

/**
 * percona mongodb_exporter's naming of a document, re-implemented from its source for comparison
 * (exporter/metrics.go: prefixes, nodeToPDMetrics, prometheusize, makeRawMetric;
 * exporter/v1_compatibility.go: specialConversions), so that a test can check that dbscope names
 * every field of a recorded reply as the exporter would. Topology labels are left out (dbscope
 * derives them differently, see {@link Topology}).
 */
final class PerconaNames {
  /** One series: family, labels (sorted) and help. */
  record Series(String name, Map<String, String> labels, String help) {}

  private static final List<String[]> PREFIXES =
      List.of(
          new String[] {"serverStatus.wiredTiger.transaction", "ss_wt_txn"},
          new String[] {"serverStatus.wiredTiger", "ss_wt"},
          new String[] {"serverStatus", "ss"},
          new String[] {"replSetGetStatus", "rs"});

  private static final Map<String, String> NODE_TO_LABEL =
      Map.ofEntries(
          Map.entry("globalLock.activeQueue.", "count_type"),
          Map.entry("serverStatus.asserts.", "assert_type"),
          Map.entry("serverStatus.connections.", "conn_type"),
          Map.entry("serverStatus.globalLock.currentQueue.", "count_type"),
          Map.entry("serverStatus.metrics.commands.", "cmd_name"),
          Map.entry("serverStatus.metrics.cursor.open.", "csr_type"),
          Map.entry("serverStatus.metrics.document.", "doc_op_type"),
          Map.entry("serverStatus.opLatencies.", "op_type"),
          Map.entry("serverStatus.opReadConcernCounters.", "concern_type"),
          Map.entry("serverStatus.opcounters.", "legacy_op_type"),
          Map.entry("serverStatus.opcountersRepl.", "legacy_op_type"),
          Map.entry("serverStatus.transactions.commitTypes.", "commit_type"),
          Map.entry("serverStatus.wiredTiger.concurrentTransactions.", "txn_rw_type"),
          Map.entry("serverStatus.wiredTiger.perf.", "perf_bucket"));

  /** specialConversions: prefix, label, suffix to label value, new name. */
  private record Special(String prefix, String label, Map<String, String> suffixes, String name) {}

  private static final List<Special> SPECIAL =
      List.of(
          new Special(
              "mongodb_ss_opLatencies",
              "op_type",
              Map.of(
                  "commands_ops", "commands",
                  "reads_ops", "reads",
                  "transactions_ops", "transactions",
                  "writes_ops", "writes"),
              "mongodb_ss_opLatencies_ops"),
          new Special(
              "mongodb_ss_opLatencies",
              "op_type",
              Map.of(
                  "commands_latency", "commands",
                  "reads_latency", "reads",
                  "transactions_latency", "transactions",
                  "writes_latency", "writes"),
              "mongodb_ss_opLatencies_latency"),
          new Special(
              "mongodb_ss_wt_concurrentTransactions",
              "txn_rw",
              Map.of("read_out", "read", "write_out", "write"),
              "mongodb_ss_wt_concurrentTransactions_out"),
          new Special(
              "mongodb_ss_wt_concurrentTransactions",
              "txn_rw",
              Map.of("read_available", "read", "write_available", "write"),
              "mongodb_ss_wt_concurrentTransactions_available"),
          new Special(
              "mongodb_ss_wt_concurrentTransactions",
              "txn_rw",
              Map.of("read_totalTickets", "read", "write_totalTickets", "write"),
              "mongodb_ss_wt_concurrentTransactions_totalTickets"));

  private PerconaNames() {}

  /** Every series percona would export for {@code reply} under {@code root} with its value. */
  static Map<Series, Double> of(String root, Document reply) {
    Map<Series, Double> out = new java.util.LinkedHashMap<>();
    walk(root + ".", reply, out);
    return out;
  }

  private static void walk(String prefix, Map<String, Object> doc, Map<Series, Double> out) {
    for (Map.Entry<String, Object> e : doc.entrySet()) {
      if (e.getValue() instanceof Map<?, ?> m) {
        @SuppressWarnings("unchecked")
        Map<String, Object> sub = (Map<String, Object>) m;
        walk(prefix + e.getKey() + ".", sub, out);
        continue;
      }
      Double v = DocumentRows.number(e.getValue());
      if (v == null) {
        continue;
      }
      Map<String, String> labels = new TreeMap<>();
      String name;
      String label = NODE_TO_LABEL.get(prefix);
      if (label != null) {
        name = prometheusize(prefix);
        labels.put(label, e.getKey());
      } else {
        name = prometheusize(prefix + e.getKey());
      }
      String help = prefix;
      for (Special s : SPECIAL) {
        if (name.startsWith(s.prefix())) {
          String suffix = name.substring(s.prefix().length()).replaceFirst("^_", "");
          String value = s.suffixes().get(suffix);
          if (value != null) {
            name = s.name();
            labels.put(s.label(), value);
            break;
          }
        }
      }
      out.put(new Series(name, labels, help), v);
    }
  }

  static String prometheusize(String s) {
    for (String[] p : PREFIXES) {
      if (s.startsWith(p[0] + ".")) {
        s = p[1] + s.substring(p[0].length());
        break;
      }
    }
    s = s.replaceAll("[^a-zA-Z0-9_]+", "_");
    s = s.replaceAll("_$", "");
    s = s.replaceAll("__+", "_");
    return "mongodb_" + s;
  }
}
