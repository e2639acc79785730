package io.dbscope.engine.mongodb;

import io.dbscope.core.engine.ResultRows;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.types.Decimal128;

/**
 * Command replies as rows, pure functions of the documents (tested with recorded documents).
 *
 * <p>The numeric leaves of a document become {@code (key, value)} rows the way percona's
 * mongodb_exporter reads them: numbers, booleans (1 or 0) and dates (milliseconds since the epoch)
 * count; strings, arrays, object ids and timestamps do not. A field the server does not report is
 * simply not a row, so a definition's rule for it gives no sample (never a failed scrape).
 */
final class DocumentRows {
  static final List<String> KEY_VALUE = List.of("key", "value", "cl_role", "rs_nm", "rs_state");

  private DocumentRows() {}

  /** Every numeric leaf of {@code doc} with its dotted path, and the topology of the reply. */
  static ResultRows keyValue(Document doc) {
    Topology t = Topology.of(doc);
    List<Object[]> rows = new ArrayList<>();
    flatten("", doc, (k, v) -> rows.add(new Object[] {k, v, t.role(), t.setName(), t.state()}));
    return ResultRows.of(KEY_VALUE, rows);
  }

  /** Receives one leaf. */
  interface Leaf {
    void accept(String key, double value);
  }

  static void flatten(String prefix, Map<String, Object> doc, Leaf out) {
    for (Map.Entry<String, Object> e : doc.entrySet()) {
      String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      if (e.getValue() instanceof Map<?, ?> m) {
        @SuppressWarnings("unchecked")
        Map<String, Object> sub = (Map<String, Object>) m;
        flatten(key, sub, out);
      } else {
        Double v = number(e.getValue());
        if (v != null) {
          out.accept(key, v);
        }
      }
    }
  }

  /** A leaf's value as percona reads it, or null for a value that is not a number. */
  static Double number(Object o) {
    return switch (o) {
      case null -> null;
      case Decimal128 d -> d.bigDecimalValue().doubleValue();
      case Number n -> n.doubleValue();
      case Boolean b -> b ? 1.0 : 0.0;
      case Date d -> (double) d.getTime();
      default -> null;
    };
  }

  /** Fields of {@code doc} at a dotted {@code path}, or null. */
  static Object at(Document doc, String path) {
    Object cur = doc;
    for (String part : path.split("\\.")) {
      if (!(cur instanceof Map<?, ?> m)) {
        return null;
      }
      cur = m.get(part);
    }
    return cur;
  }
}
