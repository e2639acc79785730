package io.dbscope.engine.mysql;

import io.dbscope.core.definition.Definition;
import io.dbscope.core.definition.Mapping;
import io.dbscope.core.engine.ResultRows;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The figures mysqld_exporter's {@code engine_innodb_status} collector reads from the text of
 * {@code SHOW ENGINE INNODB STATUS}, as {@code (status_name, status_value)} rows that a {@code
 * keyValue} definition maps: {@code queries_inside_innodb} and {@code queries_in_queue} from the
 * line "N queries inside InnoDB, M queries in queue" (MySQL; MariaDB no longer prints it), {@code
 * read_views_open_inside_innodb} from "N read views open inside InnoDB". A line that is missing
 * gives no row, so no sample.
 *
 * <p>A definition asks for this by naming {@value #KEY} and {@value #VALUE} as its {@code keyValue}
 * key and value. A pure function of the status text, unit-tested with literal text.
 */
final class InnodbStatusRows {
  static final String KEY = "status_name";
  static final String VALUE = "status_value";
  private static final Pattern QUERIES =
      Pattern.compile("(\\d+) queries inside InnoDB, (\\d+) queries in queue");
  private static final Pattern VIEWS = Pattern.compile("(\\d+) read views open inside InnoDB");

  private InnodbStatusRows() {}

  /** Whether the definition asks for the status text to be read and the result is the raw one. */
  static boolean wanted(Definition definition, ResultRows rows) {
    return definition.mapping() instanceof Mapping.KeyValue kv
        && kv.keyColumn().equals(KEY)
        && kv.valueColumn().equals(VALUE)
        && rows.indexOf("status") >= 0;
  }

  /** The figures of the first row's {@code Status} text, as the exporter reads only that row. */
  static ResultRows of(ResultRows raw) {
    List<Object[]> out = new ArrayList<>();
    int status = raw.indexOf("status");
    if (!raw.rows().isEmpty() && raw.rows().getFirst()[status] != null) {
      for (String line : raw.rows().getFirst()[status].toString().split("\n")) {
        Matcher q = QUERIES.matcher(line);
        if (q.find()) {
          out.add(new Object[] {"queries_inside_innodb", q.group(1)});
          out.add(new Object[] {"queries_in_queue", q.group(2)});
          continue;
        }
        Matcher v = VIEWS.matcher(line);
        if (v.find()) {
          out.add(new Object[] {"read_views_open_inside_innodb", v.group(1)});
        }
      }
    }
    return ResultRows.of(List.of(KEY, VALUE), out);
  }
}
