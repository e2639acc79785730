package io.dbscope.engine.mysql;

import io.dbscope.core.definition.Definition;
import io.dbscope.core.definition.Mapping;
import io.dbscope.core.engine.ResultRows;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns wide rows into key/value rows, so that a statement such as {@code SHOW SLAVE STATUS} (one
 * row per replication channel, some sixty columns that differ between MySQL and MariaDB versions)
 * can be mapped like {@code SHOW GLOBAL STATUS}: every column becomes one {@code (column_name,
 * column_value)} row, and mysqld_exporter's rule "every numeric column is a metric" needs no list
 * of columns that would break on the next server version.
 *
 * <p>A definition asks for this by naming the pseudo-columns {@value #KEY} and {@value #VALUE} as
 * its {@code keyValue} key and value. Its {@code keyValue.labels} are copied from the wide row onto
 * each of its rows; a label column the server does not have is empty, as mysqld_exporter leaves it
 * (MySQL has {@code Channel_Name}, MariaDB {@code Connection_name}).
 *
 * <pre>{@code
 * keyValue: {key: column_name, value: column_value, labels: [master_host, connection_name]}
 * }</pre>
 *
 * <p>A pure function, unit-tested with literal rows.
 */
final class WideRows {
  static final String KEY = "column_name";
  static final String VALUE = "column_value";

  private WideRows() {}

  /** Whether the definition asks for wide rows to be unpivoted and the result is still wide. */
  static boolean wanted(Definition definition, ResultRows rows) {
    return definition.mapping() instanceof Mapping.KeyValue kv
        && kv.keyColumn().equals(KEY)
        && kv.valueColumn().equals(VALUE)
        && rows.indexOf(KEY) < 0;
  }

  /** One row per column of each wide row: {@code column_name, column_value, labels…}. */
  static ResultRows unpivot(ResultRows wide, List<String> labelColumns) {
    List<String> columns = new ArrayList<>(2 + labelColumns.size());
    columns.add(KEY);
    columns.add(VALUE);
    columns.addAll(labelColumns);
    int[] labelIdx = labelColumns.stream().mapToInt(wide::indexOf).toArray();
    List<Object[]> out = new ArrayList<>(wide.rows().size() * wide.columns().size());
    for (Object[] row : wide.rows()) {
      Object[] labels = new Object[labelIdx.length];
      for (int i = 0; i < labelIdx.length; i++) {
        Object v = labelIdx[i] < 0 ? null : row[labelIdx[i]];
        labels[i] = v == null ? "" : v.toString();
      }
      for (int c = 0; c < wide.columns().size(); c++) {
        Object[] r = new Object[columns.size()];
        r[0] = wide.columns().get(c);
        r[1] = row[c];
        System.arraycopy(labels, 0, r, 2, labels.length);
        out.add(r);
      }
    }
    return new ResultRows(columns, out);
  }
}
