package io.dbscope.engine.mongodb;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;

/**
 * A command's shape, what slow-operation events carry instead of the command: its field names and
 * operators kept, every literal value {@code "?"} (values are user data and may hold secrets), the
 * collection a command names kept (the first field's string, as SQL text keeps table names), the
 * driver's session and cluster-time fields left out. A list becomes the distinct shapes of its
 * elements, so {@code {$in: [1, 2, 3]}} and {@code {$in: [4]}} read the same.
 *
 * <pre>{@code
 * CommandShape.of(Document.parse("{find: 'users', filter: {name: 'ann', age: {$gt: 30}}}"))
 * // {"find": "users", "filter": {"name": "?", "age": {"$gt": "?"}}}
 * }</pre>
 */
final class CommandShape {
  /** Longest text an event carries; longer shapes are cut. */
  static final int MAX_LENGTH = 2048;

  private static final Set<String> DRIVER_FIELDS =
      Set.of(
          "lsid",
          "$clusterTime",
          "$db",
          "$readPreference",
          "$client",
          "txnNumber",
          "autocommit",
          "startTransaction",
          "signature",
          "comment");

  private CommandShape() {}

  static String of(Document command) {
    Document shape = new Document();
    boolean first = true;
    for (Map.Entry<String, Object> e : command.entrySet()) {
      if (DRIVER_FIELDS.contains(e.getKey())) {
        continue;
      }
      Object v = e.getValue();
      shape.append(e.getKey(), first && v instanceof String ? v : shape(v));
      first = false;
    }
    String json = shape.toJson();
    return json.length() <= MAX_LENGTH ? json : json.substring(0, MAX_LENGTH);
  }

  private static Object shape(Object value) {
    return switch (value) {
      case Map<?, ?> m -> {
        Document d = new Document();
        m.forEach((k, v) -> d.append(String.valueOf(k), shape(v)));
        yield d;
      }
      case List<?> list -> {
        Set<Object> distinct = new LinkedHashSet<>();
        list.forEach(v -> distinct.add(shape(v)));
        yield new ArrayList<>(distinct);
      }
      case null, default -> "?";
    };
  }
}
