package io.dbscope.engine.sql.analytics;

import io.dbscope.sql.SqlDialect;
import io.dbscope.sql.SqlObfuscator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * What one engine reads per fingerprint and how it is exported: the fields in the order of a {@link
 * StatementSnapshot}'s values, the label names of the fingerprint, derived gauges (hit ratio) and
 * the names of the aggregate metrics. A field named {@code calls} and one named {@code
 * total_time_seconds} are required: they drive the top-N selection and the read/write counters.
 *
 * @param prefix prefix of the bookkeeping metrics ({@code pg_query} gives {@code
 *     pg_query_tracked_fingerprints})
 * @param statementsMetric the read/write/other counter ({@code pg_statements_total})
 * @param idLabel label of the fingerprint id ({@code queryid}, {@code digest})
 * @param databaseLabel label of the database or schema
 * @param userLabel label of the user, or null when the engine does not group by user
 * @param dialect how the server's texts are read when they are normalized (see {@link
 *     SqlObfuscator})
 */
public record StatementSchema(
    String prefix,
    String statementsMetric,
    String idLabel,
    String databaseLabel,
    String userLabel,
    SqlDialect dialect,
    List<StatementField> fields,
    List<Derived> derived) {

  /**
   * A gauge computed from a fingerprint's current values; NaN means "no sample".
   *
   * @param metric exported name
   * @param help help text
   * @param value computed from the values in field order
   */
  public record Derived(String metric, String help, ToDoubleFunction<double[]> value) {}

  public StatementSchema {
    fields = List.copyOf(fields);
    derived = List.copyOf(derived);
    Objects.requireNonNull(dialect, "dialect");
    if (index(fields, "calls") < 0 || index(fields, "total_time_seconds") < 0) {
      throw new IllegalArgumentException("a schema needs fields calls and total_time_seconds");
    }
  }

  public int size() {
    return fields.size();
  }

  /** Position of a field, or -1. */
  public int index(String name) {
    return index(fields, name);
  }

  private static int index(List<StatementField> fields, String name) {
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  int calls() {
    return index("calls");
  }

  int totalTime() {
    return index("total_time_seconds");
  }

  /** Positions of the counter fields. */
  int[] counters() {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).isCounter()) {
        out.add(i);
      }
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  /** The bookkeeping metric {@code prefix_suffix}. */
  String metric(String suffix) {
    return prefix + "_" + suffix;
  }

  /** Field behind a sort key of the HTTP API; the first candidate that exists wins. */
  int sortField(String sort) {
    String[] candidates =
        switch (sort.toLowerCase(Locale.ROOT)) {
          case "total_time" -> new String[] {"total_time_seconds"};
          case "calls" -> new String[] {"calls"};
          case "rows" -> new String[] {"rows", "rows_sent"};
          case "errors" -> new String[] {"errors"};
          default -> new String[0];
        };
    for (String c : candidates) {
      int i = index(c);
      if (i >= 0) {
        return i;
      }
    }
    return -1;
  }
}
