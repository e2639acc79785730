package io.dbscope.core.custom;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.dbscope.core.definition.CacheClass;
import io.dbscope.core.definition.Column;
import io.dbscope.core.definition.Definition;
import io.dbscope.core.definition.Mapping;
import io.dbscope.core.definition.VersionRange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the seed's custom metrics format (the oracledb_exporter/dameng_exporter one): a TOML file
 * of {@code [[metric]]} tables.
 *
 * <pre>{@code
 * [[metric]]
 * context = "sessions"                      # metric names: sessions_<column>
 * labels = ["state"]                        # label columns
 * request = "SELECT state, count(*) AS total FROM pg_stat_activity GROUP BY state"
 * metricsdesc = { total = "Sessions by state." }   # value columns and their help
 * metricstype = { total = "gauge" }         # gauge (default), counter or untyped
 * }</pre>
 *
 * Each table becomes one collector {@code custom:<context>}; each {@code metricsdesc} column one
 * metric {@code <context>_<column>}, both sanitized (lower case, {@code [a-z0-9_]}).
 */
final class TomlMetrics {
  /** Every key of a {@code [[metric]]} table; compared without regard to case. */
  static final List<String> KEYS =
      List.of(
          "context",
          "labels",
          "request",
          "metricsdesc",
          "metricstype",
          "ignorezeroresult",
          "timeout",
          "ttl",
          "maxRows",
          "maxSeries",
          "unchecked");

  private final TomlMapper toml = new TomlMapper();

  List<CustomMetric> read(String text, LoadContext cx) {
    JsonNode root;
    try {
      root = toml.readTree(text);
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      String msg = e.getOriginalMessage() == null ? "cannot parse" : e.getOriginalMessage();
      cx.problem(
          Math.max(line, 0), "", "TOML syntax: " + msg.lines().findFirst().orElse("").strip());
      return List.of();
    }
    if (root == null || root.isEmpty()) {
      return List.of();
    }
    for (var it = root.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!key.equals("metric")) {
        cx.problem(0, "", key + ": unknown key (a custom metrics file holds [[metric]] tables)");
      }
    }
    JsonNode list = root.path("metric");
    if (list.isMissingNode()) {
      return List.of();
    }
    if (!list.isArray()) {
      cx.problem(0, "", "metric: write each metric as a [[metric]] table");
      return List.of();
    }
    List<TomlIndex.Entry> lines = TomlIndex.of(text);
    List<CustomMetric> out = new ArrayList<>();
    Map<String, Integer> contexts = new HashMap<>();
    for (int i = 0; i < list.size(); i++) {
      TomlIndex.Entry at =
          i < lines.size() ? lines.get(i) : new TomlIndex.Entry(0, Map.of(), Map.of());
      if (!(list.get(i) instanceof ObjectNode entry)) {
        cx.problem(at.line(), "", "metric: each [[metric]] must be a table");
        continue;
      }
      String context = context(entry);
      int problemsBefore = cx.problems().size();
      Integer before =
          context.isEmpty() ? null : contexts.putIfAbsent(LoadContext.sanitize(context), at.line());
      if (before != null) {
        cx.problem(
            at.line("context"),
            context,
            "context: '"
                + context
                + "' gives the same collector id as the metric at line "
                + before);
      } else {
        entry(entry, at, cx).ifPresent(out::add);
      }
      cx.endEntry(context.isEmpty() ? "#" + at.line() : context, problemsBefore);
    }
    return out;
  }

  private Optional<CustomMetric> entry(ObjectNode raw, TomlIndex.Entry at, LoadContext cx) {
    int before = cx.problems().size();
    int line = at.line();
    Map<String, JsonNode> e = new LinkedHashMap<>();
    raw.properties().forEach(f -> e.put(f.getKey().toLowerCase(Locale.ROOT), f.getValue()));
    String context = context(raw);
    String metric = context.isEmpty() ? "#" + line : context;
    for (String key : e.keySet()) {
      if (KEYS.stream().noneMatch(k -> k.equalsIgnoreCase(key))) {
        cx.problem(
            at.line(key), metric, key + ": unknown key (known: " + String.join(", ", KEYS) + ")");
      }
    }
    if (context.isEmpty()) {
      cx.problem(line, metric, "context: required, a non-empty string");
    }
    String prefix = LoadContext.sanitize(context);
    JsonNode request = e.get("request");
    String sql = request != null && request.isTextual() ? request.asText().strip() : "";
    if (sql.isEmpty()) {
      cx.problem(at.line("request"), metric, "request: required, the query");
    }
    List<String> labels = labels(e.get("labels"), at, metric, cx);
    List<Column> columns = new ArrayList<>();
    Set<String> labelNames = new HashSet<>();
    for (String col : labels) {
      String name = LoadContext.sanitize(col);
      if (name.startsWith("__") || name.equals("datasource")) {
        cx.problem(
            at.line("labels"),
            metric,
            "labels: '"
                + col
                + "' cannot be a label name ("
                + (name.equals("datasource")
                    ? "dbscope sets datasource"
                    : "names starting with __ are reserved")
                + ")");
      } else if (!labelNames.add(name)) {
        cx.problem(at.line("labels"), metric, "labels: '" + col + "' is listed twice");
      }
      columns.add(
          new Column(
              col.toLowerCase(Locale.ROOT),
              Column.Usage.LABEL,
              Optional.empty(),
              Optional.of(name),
              "",
              1.0,
              Map.of()));
    }
    values(e, at, metric, prefix, labels, columns, cx);
    boolean unchecked =
        cx.bool(e.get("unchecked"), "unchecked", false, at.line("unchecked"), metric);
    cx.uncheckedAllowed(unchecked, at.line("unchecked"), metric);
    boolean ignoreZero =
        cx.bool(
            e.get("ignorezeroresult"),
            "ignorezeroresult",
            false,
            at.line("ignorezeroresult"),
            metric);
    Duration timeout =
        cx.duration(
            e.get("timeout"),
            "timeout",
            CustomMetricsLoader.NO_TIMEOUT,
            false,
            at.line("timeout"),
            metric);
    Duration ttl = cx.duration(e.get("ttl"), "ttl", Duration.ZERO, true, at.line("ttl"), metric);
    int maxRows =
        cx.limit(
            e.get("maxrows"),
            "maxRows",
            CustomMetricsLoader.DEFAULT_MAX_ROWS,
            1,
            CustomMetricsLoader.MAX_ROWS_LIMIT,
            at.line("maxrows"),
            metric);
    int maxSeries =
        cx.limit(
            e.get("maxseries"),
            "maxSeries",
            CustomMetricsLoader.DEFAULT_MAX_SERIES,
            1,
            CustomMetricsLoader.MAX_SERIES_LIMIT,
            at.line("maxseries"),
            metric);
    Optional<QueryGuard.Verdict> verdict =
        sql.isEmpty()
            ? Optional.empty()
            : cx.query(
                at.line("request"), at.valueStart("request"), metric, "request", sql, unchecked);
    if (cx.problems().size() > before || verdict.isEmpty()) {
      return Optional.empty();
    }
    Definition d =
        new Definition(
            "custom:" + prefix,
            "Custom metric " + context + " from " + cx.file.getFileName() + ".",
            sql,
            ttl,
            timeout,
            CacheClass.DEFAULT,
            VersionRange.ALL,
            Set.of(),
            "custom",
            true,
            new Mapping.Columns("", columns),
            cx.file + ":" + line,
            new Definition.Limits(true, maxRows, maxSeries));
    return Optional.of(
        new CustomMetric(
            d, cx.file, line, context, false, false, ignoreZero, true, !verdict.get().parsed()));
  }

  private static String context(ObjectNode entry) {
    for (var f : entry.properties()) {
      if (f.getKey().equalsIgnoreCase("context") && f.getValue().isTextual()) {
        return f.getValue().asText().strip();
      }
    }
    return "";
  }

  private static List<String> labels(
      JsonNode node, TomlIndex.Entry at, String metric, LoadContext cx) {
    if (node == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    if (!node.isArray()) {
      cx.problem(
          at.line("labels"),
          metric,
          "labels: must be a list of column names, such as [\"datname\"]");
      return out;
    }
    for (JsonNode n : node) {
      if (!n.isTextual() || n.asText().isBlank()) {
        cx.problem(at.line("labels"), metric, "labels: " + n + " is not a column name");
      } else {
        out.add(n.asText().strip());
      }
    }
    return out;
  }

  private static void values(
      Map<String, JsonNode> e,
      TomlIndex.Entry at,
      String metric,
      String prefix,
      List<String> labels,
      List<Column> columns,
      LoadContext cx) {
    JsonNode desc = e.get("metricsdesc");
    int line = at.line("metricsdesc");
    if (desc == null || !desc.isObject() || desc.isEmpty()) {
      cx.problem(line, metric, "metricsdesc: required, a table of value column = \"help text\"");
      return;
    }
    JsonNode types = e.get("metricstype");
    Map<String, String> typeOf = new LinkedHashMap<>();
    if (types != null) {
      if (!types.isObject()) {
        cx.problem(
            at.line("metricstype"),
            metric,
            "metricstype: must be a table of column = \"gauge\" or \"counter\"");
      } else {
        types
            .properties()
            .forEach(f -> typeOf.put(f.getKey().toLowerCase(Locale.ROOT), f.getValue().asText()));
      }
    }
    Set<String> lowerLabels =
        new HashSet<>(labels.stream().map(l -> l.toLowerCase(Locale.ROOT)).toList());
    Set<String> names = new HashSet<>();
    desc.properties()
        .forEach(
            f -> {
              String col = f.getKey().toLowerCase(Locale.ROOT);
              String help = f.getValue().isTextual() ? f.getValue().asText().strip() : "";
              if (help.isEmpty()) {
                cx.problem(line, metric, "metricsdesc." + f.getKey() + ": help text required");
              }
              if (lowerLabels.contains(col)) {
                cx.problem(
                    line,
                    metric,
                    "metricsdesc." + f.getKey() + ": a column cannot be both a label and a value");
              }
              String name = prefix + "_" + LoadContext.sanitize(f.getKey());
              if (name.startsWith("dbscope_")) {
                cx.problem(
                    line,
                    metric,
                    "metric name "
                        + name
                        + ": the prefix dbscope_ is reserved for dbscope's own metrics");
              }
              if (!names.add(name)) {
                cx.problem(
                    line,
                    metric,
                    "metricsdesc." + f.getKey() + ": metric name " + name + " is produced twice");
              }
              String type = typeOf.remove(col);
              Column.Usage usage = usage(type);
              if (usage == null) {
                cx.problem(
                    at.line("metricstype"),
                    metric,
                    "metricstype."
                        + f.getKey()
                        + ": must be gauge, counter or untyped, not '"
                        + type
                        + "'"
                        + ("histogram".equalsIgnoreCase(type)
                            ? " (histograms are not supported)"
                            : ""));
                usage = Column.Usage.GAUGE;
              }
              columns.add(
                  new Column(col, usage, Optional.of(name), Optional.empty(), help, 1.0, Map.of()));
            });
    for (String col : typeOf.keySet()) {
      cx.problem(
          at.line("metricstype"), metric, "metricstype." + col + ": not a column of metricsdesc");
    }
  }

  private static Column.Usage usage(String type) {
    if (type == null) {
      return Column.Usage.GAUGE;
    }
    return switch (type.strip().toLowerCase(Locale.ROOT)) {
      case "gauge" -> Column.Usage.GAUGE;
      case "counter" -> Column.Usage.COUNTER;
      case "untyped" -> Column.Usage.UNTYPED;
      default -> null;
    };
  }
}
