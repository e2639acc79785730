package io.dbscope.core.engine;

import io.dbscope.core.definition.Column;
import io.dbscope.core.definition.Mapping;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a column mapping finds its columns in one result's {@code columns}: the label columns and
 * the value columns (in the mapping's order) by their places in the rows, -1 for one the result
 * lacks; how many points each value column's family gets per row; whether it is a histogram's or a
 * summary's (ordered by bound); and whether each value column reads numbers as they are ({@link
 * RowValues#numbersAsIs}). Made again only when a result's columns differ from the last one's
 * ({@link ColumnPlans}).
 */
record ColumnPlan(
    List<String> columns,
    String[] labelNames,
    int[] labelIdx,
    List<Column> valueCols,
    int[] valueIdx,
    int[] perRow,
    boolean grouped,
    boolean[] asIs,
    List<String> missing) {

  /** Whether this plan was made for a result with {@code columns}. */
  boolean madeFor(List<String> columns) {
    return this.columns == columns || this.columns.equals(columns);
  }

  /** The points value column {@code i}'s family gets from {@code rows} rows. */
  int room(int i, int rows) {
    return perRow[i] * rows;
  }

  /** Past this many columns, a definition's columns are found through a map, not one by one. */
  private static final int SCANNED_COLUMNS = 16;

  static ColumnPlan of(Mapping.Columns m, ResultRows rows) {
    List<Column> labelCols = new ArrayList<>();
    List<Column> valueCols = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (Column c : m.columns()) {
      if (c.usage() == Column.Usage.LABEL) {
        labelCols.add(c);
      } else if (c.usage() != Column.Usage.DISCARD) {
        valueCols.add(c);
      }
    }
    Map<String, Integer> at = columnIndex(rows);
    int[] labelIdx = indexes(labelCols, at, rows, missing);
    int[] valueIdx = indexes(valueCols, at, rows, missing);
    String[] names = new String[labelCols.size()];
    for (int i = 0; i < names.length; i++) {
      names[i] = labelCols.get(i).labelName().orElseThrow();
    }
    boolean grouped = false;
    for (Column c : valueCols) {
      grouped |= c.usage().metricType().orElseThrow().grouped();
    }
    return new ColumnPlan(
        List.copyOf(rows.columns()),
        names,
        labelIdx,
        List.copyOf(valueCols),
        valueIdx,
        perRow(valueCols),
        grouped,
        RowValues.numbersAsIs(valueCols),
        List.copyOf(missing));
  }

  /**
   * The points each value column's family gets per row: one for each column of that family (a
   * histogram's bucket, sum and count columns share one).
   */
  private static int[] perRow(List<Column> valueCols) {
    int[] perRow = new int[valueCols.size()];
    for (int i = 0; i < perRow.length; i++) {
      String name = valueCols.get(i).metricName().orElseThrow();
      for (Column other : valueCols) {
        if (other.metricName().orElseThrow().equals(name)) {
          perRow[i]++;
        }
      }
    }
    return perRow;
  }

  /**
   * The columns' positions by name when there are many, else null. A wide row (Redis's INFO server
   * and memory sections, 150 columns, 100 of them read) found each column by walking the list: a
   * fiftieth of a Redis scrape's CPU in string comparisons.
   */
  private static Map<String, Integer> columnIndex(ResultRows rows) {
    List<String> columns = rows.columns();
    if (columns.size() <= SCANNED_COLUMNS) {
      return null;
    }
    Map<String, Integer> at = new HashMap<>(2 * columns.size());
    for (int i = columns.size() - 1; i >= 0; i--) {
      at.put(columns.get(i), i); // the first of a repeated name, as indexOf finds it
    }
    return at;
  }

  private static int[] indexes(
      List<Column> cols, Map<String, Integer> at, ResultRows rows, List<String> missing) {
    int[] idx = new int[cols.size()];
    for (int i = 0; i < idx.length; i++) {
      String name = cols.get(i).column();
      idx[i] = at == null ? rows.indexOf(name) : at.getOrDefault(name, -1);
      if (idx[i] < 0) {
        missing.add(cols.get(i).column());
      }
    }
    return idx;
  }
}
