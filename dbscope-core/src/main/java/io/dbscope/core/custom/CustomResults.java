package io.dbscope.core.custom;

import io.dbscope.core.definition.Column;
import io.dbscope.core.definition.Mapping;
import io.dbscope.core.engine.ResultRows;
import io.dbscope.core.engine.RowMapper;
import io.dbscope.core.metrics.SampleBatch;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Judges the result of a custom collector, without I/O: what fails it (no rows where rows are
 * expected, NULL or non-numeric values in the TOML format, two rows with the same labels) and the
 * per-metric series limit. Used by the scrape and by {@code dbscope check --connect}, so both judge
 * alike.
 */
public final class CustomResults {
  private static final Set<String> WORDS = Set.of("on", "off", "yes", "no", "true", "false");

  private CustomResults() {}

  /**
   * What became of one result.
   *
   * @param problem why the collector fails (then nothing was added to the output), or empty
   * @param samples samples added
   * @param dropped samples dropped by the series limit
   */
  public record Outcome(Optional<String> problem, int samples, int dropped) {
    static Outcome failed(String problem) {
      return new Outcome(Optional.of(problem), 0, 0);
    }
  }

  /**
   * Judges {@code rows} of custom collector {@code m} and maps them into {@code out}, as a scrape
   * does: {@link #checkRows}, the row mapper, {@link #duplicateLabels}, then {@link #limitSeries}.
   *
   * @param labels the datasource's labels, put on every sample
   */
  public static Outcome evaluate(
      CustomMetric m, ResultRows rows, Labels labels, RowMapper mapper, SampleBatch out) {
    Optional<String> bad = checkRows(m, rows);
    if (bad.isPresent()) {
      return Outcome.failed(bad.get());
    }
    SampleBatch all = new SampleBatch();
    RowMapper.Result r = mapper.map(m.definition(), rows, labels, all);
    if (!r.missingColumns().isEmpty()) {
      return Outcome.failed("the result has no column " + String.join(", ", r.missingColumns()));
    }
    if (m.strictValues() && r.skipped() > 0) {
      return Outcome.failed(r.skipped() + " values are NULL or not numbers");
    }
    bad = duplicateLabels(all);
    if (bad.isPresent()) {
      return Outcome.failed(bad.get());
    }
    int before = out.size();
    int dropped = limitSeries(all, m.definition().limits().maxSeries(), out);
    return new Outcome(Optional.empty(), out.size() - before, dropped);
  }

  /**
   * Why the rows fail the collector before mapping, or empty. A reason names the row (1-based) and
   * column, never the value of a label (which could be large).
   */
  public static Optional<String> checkRows(CustomMetric m, ResultRows rows) {
    if (rows.rows().isEmpty() && !m.ignoreZeroResult()) {
      return Optional.of(
          "the query returned no rows (set ignorezeroresult = true when that is normal)");
    }
    if (!m.strictValues() || !(m.definition().mapping() instanceof Mapping.Columns c)) {
      return Optional.empty();
    }
    for (Column col : c.columns()) {
      if (col.usage().metricType().isEmpty()) {
        continue;
      }
      int idx = rows.indexOf(col.column());
      if (idx < 0) {
        continue; // reported as a missing column by the mapper
      }
      for (int r = 0; r < rows.rows().size(); r++) {
        Object v = rows.rows().get(r)[idx];
        if (v == null) {
          return Optional.of(
              "row "
                  + (r + 1)
                  + ", column "
                  + col.column()
                  + ": NULL (use COALESCE in the query if a default is meant)");
        }
        if (!numeric(v, col.valueMap())) {
          String text = v.toString();
          return Optional.of(
              "row "
                  + (r + 1)
                  + ", column "
                  + col.column()
                  + ": '"
                  + (text.length() > 40 ? text.substring(0, 40) + "…" : text)
                  + "' is not a number");
        }
      }
    }
    return Optional.empty();
  }

  /** The same rule as the row mapper: numbers, booleans, on/off/yes/no/true/false, numeric text. */
  static boolean numeric(Object v, Map<String, Double> valueMap) {
    if (v instanceof Number || v instanceof Boolean) {
      return true;
    }
    String s = v.toString().strip();
    String lower = s.toLowerCase(Locale.ROOT);
    if (valueMap.containsKey(lower) || WORDS.contains(lower)) {
      return true;
    }
    if (s.isEmpty()) {
      return false;
    }
    char first = s.charAt(0);
    if (!(Character.isDigit(first) || first == '-' || first == '+' || first == '.')) {
      return false;
    }
    try {
      Double.parseDouble(s);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** A metric that has the same label set twice, or empty. */
  public static Optional<String> duplicateLabels(SampleBatch batch) {
    for (SampleBatch.Family f : batch.families()) {
      Set<Labels> seen = new HashSet<>();
      for (SampleBatch.Point p : f.points()) {
        if (!seen.add(p.labels())) {
          return Optional.of(
              "two rows give metric "
                  + f.name()
                  + " the same labels "
                  + text(p.labels())
                  + " (the label columns must identify a row)");
        }
      }
    }
    return Optional.empty();
  }

  private static String text(Labels labels) {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < labels.size(); i++) {
      String v = labels.getValue(i);
      sb.append(i == 0 ? "" : ",")
          .append(labels.getName(i))
          .append("=\"")
          .append(v.length() > 40 ? v.substring(0, 40) + "…" : v)
          .append('"');
    }
    return sb.append('}').toString();
  }

  /**
   * Copies {@code in} to {@code out}, keeping at most {@code maxSeries} label sets per metric (the
   * first ones, in row order).
   *
   * @return how many samples were dropped
   */
  public static int limitSeries(SampleBatch in, int maxSeries, SampleBatch out) {
    int dropped = 0;
    for (SampleBatch.Family f : in.families()) {
      List<SampleBatch.Point> points = f.points();
      for (int i = 0; i < points.size(); i++) {
        if (maxSeries > 0 && i >= maxSeries) {
          dropped += points.size() - i;
          break;
        }
        SampleBatch.Point p = points.get(i);
        out.add(f.name(), f.type(), f.help(), p);
      }
    }
    return dropped;
  }
}
