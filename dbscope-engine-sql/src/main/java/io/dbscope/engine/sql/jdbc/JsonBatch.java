package io.dbscope.engine.sql.jdbc;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.dbscope.core.definition.Column;
import io.dbscope.core.definition.Definition;
import io.dbscope.core.definition.Mapping;
import io.dbscope.core.engine.ResultRows;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one definition's share of a batched statement: the rows as a JSON array of objects, one key
 * per column in the query's column order (what PostgreSQL's {@code json_agg(row)} gives).
 *
 * <p>The values become what {@link JdbcSession} gives for the same columns: numbers as {@link Long}
 * or {@link Double} (exact decimals converted as JDBC's {@code BigDecimal} is), booleans, text,
 * null. PostgreSQL writes the non-finite floats as the strings {@code "NaN"}, {@code "Infinity"}
 * and {@code "-Infinity"}; they become doubles again. An empty array carries no column names, so
 * the definition's declared columns stand in for them: no rows give no samples either way.
 */
final class JsonBatch {
  private static final JsonMapper JSON =
      JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

  private JsonBatch() {}

  /**
   * @param json the definition's part of the batch; null reads as no rows
   * @param maxRows rows kept; a further row marks the result truncated
   */
  static ResultRows rows(Definition def, String json, int maxRows) throws IOException {
    if (json == null) {
      return new ResultRows(declared(def), List.of());
    }
    try (JsonParser p = JSON.createParser(json)) {
      expect(p.nextToken(), JsonToken.START_ARRAY);
      List<String> columns = null;
      List<Object[]> rows = new ArrayList<>();
      boolean truncated = false;
      List<Object> row = new ArrayList<>();
      List<String> names = new ArrayList<>();
      for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
        expect(t, JsonToken.START_OBJECT);
        row.clear();
        names.clear();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          names.add(p.currentName());
          row.add(value(p, p.nextToken()));
        }
        if (columns == null) {
          columns = List.copyOf(names);
        } else if (!columns.equals(names)) {
          throw new IOException("rows of one result have different columns");
        }
        if (rows.size() == maxRows) {
          truncated = true;
          break;
        }
        rows.add(row.toArray());
      }
      return new ResultRows(columns == null ? declared(def) : columns, rows, truncated);
    }
  }

  private static Object value(JsonParser p, JsonToken t) throws IOException {
    return switch (t) {
      case VALUE_NULL -> null;
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_NUMBER_INT -> {
        Number n = p.getNumberValue();
        yield n instanceof BigInteger b ? b.doubleValue() : n.longValue();
      }
      case VALUE_NUMBER_FLOAT -> {
        Number n = p.getNumberValue();
        yield n instanceof BigDecimal b ? b.doubleValue() : n.doubleValue();
      }
      case VALUE_STRING -> {
        String s = p.getText();
        yield switch (s) {
          case "NaN" -> Double.NaN;
          case "Infinity" -> Double.POSITIVE_INFINITY;
          case "-Infinity" -> Double.NEGATIVE_INFINITY;
          default -> s;
        };
      }
      case START_ARRAY, START_OBJECT -> {
        // Arrays and composite values are read as their JSON text; no built-in returns one.
        yield JSON.readTree(p).toString();
      }
      default -> throw new IOException("unexpected JSON token " + t);
    };
  }

  private static void expect(JsonToken got, JsonToken wanted) throws IOException {
    if (got != wanted) {
      throw new IOException("expected " + wanted + " in a batched result, got " + got);
    }
  }

  /** The columns a definition's mapping reads, for a result without rows. */
  private static List<String> declared(Definition def) {
    List<String> out = new ArrayList<>();
    switch (def.mapping()) {
      case Mapping.Columns c -> c.columns().stream().map(Column::column).forEach(out::add);
      case Mapping.KeyValue kv -> {
        out.add(kv.keyColumn());
        out.add(kv.valueColumn());
        kv.unitColumn().ifPresent(out::add);
        kv.helpColumn().ifPresent(out::add);
        out.addAll(kv.labelColumns());
      }
    }
    return out;
  }
}
