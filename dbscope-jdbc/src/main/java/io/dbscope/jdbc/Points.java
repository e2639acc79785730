package io.dbscope.jdbc;

import java.sql.SQLException;

/**
 * The data points of one datasource and namespace, looked up once per operation and kept, so that a
 * statement's observation is an array read and a histogram update: no label lookup, no allocation.
 * The arrays are filled racily; two threads that both look a point up get the same one.
 */
final class Points {
  private final JdbcMetrics metrics;
  private final String datasource;
  private final String system;
  private final String namespace;
  private final LongHistogram.Child[] ok = new LongHistogram.Child[OperationName.NAMES.length];
  private final LongHistogram.Child[] rows = new LongHistogram.Child[OperationName.NAMES.length];

  Points(JdbcMetrics metrics, String datasource, String system, String namespace) {
    this.metrics = metrics;
    this.datasource = datasource;
    this.system = system;
    this.namespace = namespace;
  }

  void ok(int op, long nanos) {
    LongHistogram.Child p = ok[op];
    if (p == null) {
      p = metrics.duration.labelValues(datasource, system, namespace, OperationName.NAMES[op], "");
      ok[op] = p;
    }
    p.observe(nanos);
  }

  void failed(int op, long nanos, SQLException e) {
    String state = e.getSQLState();
    boolean known = state != null && state.length() == 5;
    metrics
        .duration
        .labelValues(
            datasource,
            system,
            namespace,
            OperationName.NAMES[op],
            known ? state : e.getClass().getSimpleName())
        .observe(nanos);
    metrics.errors.labelValues(datasource, system, known ? state.substring(0, 2) : "").inc();
  }

  void rows(int op, long n) {
    LongHistogram.Child p = rows[op];
    if (p == null) {
      p = metrics.rows.labelValues(datasource, system, namespace, OperationName.NAMES[op]);
      rows[op] = p;
    }
    p.observe(n);
  }

  String datasource() {
    return datasource;
  }

  String system() {
    return system;
  }

  String namespace() {
    return namespace;
  }
}
