package io.dbscope.core.definition;

import io.dbscope.core.metrics.MetricType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How the rows of a definition's result become samples. Two shapes cover the community exporters:
 *
 * <ul>
 *   <li>{@link Columns}: each row is one label set; value columns are metrics ({@code
 *       pg_stat_database}, {@code pg_locks}, Redis keyspace…).
 *   <li>{@link KeyValue}: each row is one {@code (name, value)} pair ({@code SHOW GLOBAL STATUS},
 *       {@code pg_settings}, Redis {@code INFO}); rules turn names into metric names and labels.
 * </ul>
 */
public sealed interface Mapping {

  /**
   * One row, one label set.
   *
   * @param prefix metric names default to {@code prefix_column}
   * @param columns every column the query returns, in order
   */
  record Columns(String prefix, List<Column> columns) implements Mapping {
    public Columns {
      columns = List.copyOf(columns);
    }
  }

  /**
   * One row, one {@code (key, value)} pair.
   *
   * @param prefix metric name for a key no rule matches: {@code prefix_<key>}, lower-cased, with
   *     every character outside {@code [a-z0-9_]} turned into {@code _}
   * @param keyColumn column holding the key
   * @param valueColumn column holding the value
   * @param unitColumn optional column holding a PostgreSQL unit ({@code ms}, {@code 8kB}…); the
   *     value is converted to seconds or bytes and the name gets {@code _seconds}/{@code _bytes}
   * @param helpColumn optional column holding per-key help text
   * @param labelColumns columns copied as labels onto every sample of the row
   * @param exportUnmatched whether keys that no rule matches are exported under {@code prefix}
   * @param unmatchedType type of such metrics
   * @param unmatchedHelp help of such metrics; {@code {key}} is replaced by the key
   * @param rules tried in order; the first whose pattern matches the whole key wins
   */
  record KeyValue(
      String prefix,
      String keyColumn,
      String valueColumn,
      Optional<String> unitColumn,
      Optional<String> helpColumn,
      List<String> labelColumns,
      boolean exportUnmatched,
      MetricType unmatchedType,
      String unmatchedHelp,
      Map<String, Double> valueMap,
      List<KeyRule> rules)
      implements Mapping {
    public KeyValue {
      labelColumns = List.copyOf(labelColumns);
      rules = List.copyOf(rules);
      valueMap = Map.copyOf(valueMap);
    }
  }

  /**
   * A rule for {@link KeyValue}: keys matching {@code pattern} (whole key, lower-cased) become
   * metric {@code name}; {@code $1}… in the name and in label values refer to the pattern's groups.
   * A rule with {@code drop} set removes the key.
   */
  record KeyRule(
      Pattern pattern,
      String name,
      Map<String, String> labels,
      MetricType type,
      String help,
      double scale,
      boolean drop) {
    public KeyRule {
      labels = Map.copyOf(labels);
    }
  }
}
