package io.dbscope.core.engine;

import io.dbscope.core.definition.Column;
import io.dbscope.core.definition.Definition;
import io.dbscope.core.definition.Mapping;
import io.dbscope.core.metrics.LabelOrder;
import io.dbscope.core.metrics.MetricType;
import io.dbscope.core.metrics.SampleBatch;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * Turns a definition's rows into samples. No I/O and no state that changes a result, so every
 * mapping rule is unit-tested with literal rows.
 *
 * <p>A value that is NULL or not a number is skipped and counted, never exported as 0: "0" and
 * "could not read" must stay different.
 *
 * <p>Key-value rules are regular expressions tried in order; the keys of a {@code SHOW GLOBAL
 * STATUS} or Redis {@code INFO} are the same every scrape, so each key's resolution is remembered
 * per mapping (up to {@value #MEMO_LIMIT} keys) instead of running the rules again, and the label
 * sets of rows are reused from earlier scrapes ({@link LabelCache}). Both only cache; the result is
 * the same function of definition and rows. The resolutions depend on the mapping and the key only,
 * and a row's label set on the row only (a sample carries its datasource's labels beside it), so
 * the datasources of one fleet share both ({@link Shared}): per datasource they were a fifth and
 * two fifths of the heap of 1,000 datasources.
 */
public final class RowMapper {
  static final int MEMO_LIMIT = 4096;

  /**
   * What a key-value rule set makes of one key; the label arrays are shared, never changed.
   *
   * @param fixedHelp whether every row of the key has {@code help} as it is, with no {@code {help}}
   *     from the row: found once per key, not looked for in every row of every scrape
   * @param labels the rule's own labels as a set, for rows with no label columns; null until the
   *     resolution is remembered (looking the set up for every row made a key for every row)
   */
  private record Resolution(
      boolean skip,
      boolean matched,
      String name,
      MetricType type,
      String help,
      double scale,
      String[] names,
      String[] values,
      boolean fixedHelp,
      Labels labels) {
    private static final String[] NONE = new String[0];
    static final Resolution SKIP =
        new Resolution(true, false, "", MetricType.UNTYPED, "", 1, NONE, NONE, true, null);

    Resolution labelled(LabelCache cache) {
      return skip
          ? this
          : new Resolution(
              skip,
              matched,
              name,
              type,
              help,
              scale,
              names,
              values,
              fixedHelp,
              cache.get(names, values));
    }
  }

  private final Map<Mapping.KeyValue, Map<String, Resolution>> memo;
  private final LabelCache labelCache;
  private final ColumnPlans plans;

  /**
   * What the mappers of one fleet share: the key resolutions and column plans of every mapping, and
   * the label sets of rows (1,000 Redis datasources have the same commands and buckets).
   */
  public static final class Shared {
    private final Map<Mapping.KeyValue, Map<String, Resolution>> byMapping =
        java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());
    private final LabelCache labels = new LabelCache();
    private final ColumnPlans plans = new ColumnPlans();
  }

  /** A mapper that shares nothing. */
  public RowMapper() {
    this(new Shared());
  }

  public RowMapper(Shared shared) {
    this.memo = shared.byMapping;
    this.labelCache = shared.labels;
    this.plans = shared.plans;
    labelCache.addUser();
  }

  /** What mapping did: samples added and values skipped (NULL, not numeric, missing column). */
  public record Result(int samples, int skipped, List<String> missingColumns) {}

  /**
   * @param constLabels labels put on every sample (datasource and the datasource's own labels); a
   *     row label of the same name wins
   */
  public Result map(Definition def, ResultRows rows, Labels constLabels, SampleBatch out) {
    return switch (def.mapping()) {
      case Mapping.Columns c -> mapColumns(c, rows, constLabels, out);
      case Mapping.KeyValue kv -> mapKeyValue(kv, rows, constLabels, out);
    };
  }

  private Result mapColumns(
      Mapping.Columns m, ResultRows rows, Labels constLabels, SampleBatch out) {
    ColumnPlan plan = plans.of(m, rows);
    String[] names = plan.labelNames();
    int[] labelIdx = plan.labelIdx();
    List<Column> valueCols = plan.valueCols();
    int[] valueIdx = plan.valueIdx();
    LabelCache.Rows labelRows = labelCache.rows(names);
    String[] values = labelRows.values();
    List<Object[]> data = rows.rows();
    Labels[] rowLabels = new Labels[data.size()];
    for (int r = 0; r < rowLabels.length; r++) {
      Object[] row = data.get(r);
      for (int i = 0; i < names.length; i++) {
        values[i] = labelIdx[i] < 0 ? "" : text(row[labelIdx[i]]);
      }
      rowLabels[r] = labelRows.labels();
    }
    // Rows in the order of their label sets: then every family they make comes in order, and
    // ordering the batch finds it so in one pass instead of sorting each family (a query's rows
    // come in the server's order: pg_stat_database's by oid, twenty families of them). Not a
    // histogram's or summary's rows: theirs is by bound ("128" after "1024"), which the label text
    // does not give.
    int[] order = plan.grouped() ? null : LabelOrder.order(rowLabels);
    boolean[] asIs = plan.asIs();
    int samples = 0;
    int skipped = 0;
    for (int k = 0; k < rowLabels.length; k++) {
      int r = order == null ? k : order[k];
      Object[] row = data.get(r);
      for (int i = 0; i < valueCols.size(); i++) {
        Column c = valueCols.get(i);
        double v =
            valueIdx[i] < 0
                ? RowValues.NONE
                : RowValues.number(row[valueIdx[i]], c.valueMap(), asIs[i]);
        if (RowValues.isNone(v)) {
          skipped++;
          continue;
        }
        out.add(
            c.metricName().orElseThrow(),
            c.usage().suffix(),
            c.usage().metricType().orElseThrow(),
            c.help(),
            rowLabels[r],
            constLabels,
            v * c.scale());
        if (k == 0) {
          out.room(c.metricName().orElseThrow(), plan.room(i, rowLabels.length));
        }
        samples++;
      }
    }
    return new Result(samples, skipped, plan.missing());
  }

  private Result mapKeyValue(
      Mapping.KeyValue m, ResultRows rows, Labels constLabels, SampleBatch out) {
    List<String> missing = new ArrayList<>();
    int keyIdx = rows.indexOf(m.keyColumn());
    int valIdx = rows.indexOf(m.valueColumn());
    int unitIdx = m.unitColumn().map(rows::indexOf).orElse(-1);
    int helpIdx = m.helpColumn().map(rows::indexOf).orElse(-1);
    if (keyIdx < 0) missing.add(m.keyColumn());
    if (valIdx < 0) missing.add(m.valueColumn());
    if (keyIdx < 0 || valIdx < 0) {
      return new Result(0, rows.rows().size(), missing);
    }
    String[] extraNames = m.labelColumns().toArray(String[]::new);
    int[] extraIdx = new int[extraNames.length];
    for (int i = 0; i < extraNames.length; i++) {
      extraIdx[i] = rows.indexOf(extraNames[i]);
      if (extraIdx[i] < 0) missing.add(extraNames[i]);
    }
    int samples = 0;
    int skipped = 0;
    boolean asIs = RowValues.numbersAsIs(m.valueMap());
    Map<String, Resolution> cache =
        memo.computeIfAbsent(m, k -> new java.util.concurrent.ConcurrentHashMap<>());
    for (Object[] row : rows.rows()) {
      String key = text(row[keyIdx]).toLowerCase(Locale.ROOT);
      Resolution res = cache.get(key);
      if (res == null) {
        res = resolve(m, key);
        if (cache.size() < MEMO_LIMIT) {
          res = res.labelled(labelCache);
          cache.put(key, res);
        }
      }
      if (res.skip()) {
        continue;
      }
      double v = RowValues.number(row[valIdx], m.valueMap(), asIs);
      if (RowValues.isNone(v)) {
        skipped++;
        continue;
      }
      String name = res.name();
      MetricType type = res.type();
      String help;
      v = v * res.scale();
      String[] ln;
      String[] lv;
      if (extraNames.length == 0) {
        // The rule's own labels (most rows): arrays made once per key, not once per row.
        ln = res.names();
        lv = res.values();
      } else {
        ln = new String[extraNames.length + res.names().length];
        lv = new String[ln.length];
        for (int i = 0; i < extraNames.length; i++) {
          ln[i] = extraNames[i];
          lv[i] = extraIdx[i] < 0 ? "" : text(row[extraIdx[i]]);
        }
        System.arraycopy(res.names(), 0, ln, extraNames.length, res.names().length);
        System.arraycopy(res.values(), 0, lv, extraNames.length, res.values().length);
      }
      if (res.fixedHelp()) {
        help = res.help();
      } else {
        // A rule may take the row's own help text (innodb_metrics' comment), as unmatched keys do.
        String rowHelp = helpIdx < 0 ? "" : text(row[helpIdx]);
        String template = res.matched() ? res.help() : m.unmatchedHelp();
        help = template.replace("{key}", key).replace("{help}", rowHelp);
      }
      if (unitIdx >= 0) {
        SettingUnit unit = SettingUnit.of(text(row[unitIdx]));
        if (unit == null) {
          skipped++;
          continue;
        }
        v = v * unit.factor();
        if (!unit.suffix().isEmpty()) {
          name = name + unit.suffix();
          help = help + " [Units converted to " + unit.suffix().substring(1) + ".]";
        }
      }
      Labels labels =
          extraNames.length == 0 && res.labels() != null ? res.labels() : labelCache.get(ln, lv);
      out.add(name, "", type, help, labels, constLabels, v);
      samples++;
    }
    return new Result(samples, skipped, missing);
  }

  private static Resolution resolve(Mapping.KeyValue m, String key) {
    for (Mapping.KeyRule r : m.rules()) {
      Matcher mt = r.pattern().matcher(key);
      if (mt.matches()) {
        if (r.drop()) {
          return Resolution.SKIP;
        }
        List<String> names = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (var e : r.labels().entrySet()) {
          names.add(e.getKey());
          values.add(expand(e.getValue(), mt));
        }
        return new Resolution(
            false,
            true,
            expand(r.name(), mt),
            r.type(),
            r.help(),
            r.scale(),
            names.toArray(String[]::new),
            values.toArray(String[]::new),
            !r.help().contains("{help}"),
            null);
      }
    }
    if (!m.exportUnmatched()) {
      return Resolution.SKIP;
    }
    return new Resolution(
        false,
        false,
        m.prefix() + "_" + sanitize(key),
        m.unmatchedType(),
        null,
        1,
        Resolution.NONE,
        Resolution.NONE,
        false,
        null);
  }

  private static String expand(String template, Matcher m) {
    if (template.indexOf('$') < 0) {
      return template;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < template.length(); i++) {
      char c = template.charAt(i);
      if (c == '$' && i + 1 < template.length() && Character.isDigit(template.charAt(i + 1))) {
        int g = template.charAt(++i) - '0';
        String val = g <= m.groupCount() && m.group(g) != null ? m.group(g) : "";
        sb.append(val);
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** Lower-cases and turns every character outside {@code [a-z0-9_]} into {@code _}. */
  public static String sanitize(String key) {
    StringBuilder sb = new StringBuilder(key.length());
    for (int i = 0; i < key.length(); i++) {
      char c = Character.toLowerCase(key.charAt(i));
      sb.append((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ? c : '_');
    }
    return sb.toString();
  }

  static String text(Object o) {
    return o == null ? "" : o.toString();
  }
}
