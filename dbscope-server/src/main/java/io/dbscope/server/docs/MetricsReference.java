package io.dbscope.server.docs;

import io.dbscope.core.definition.Column;
import io.dbscope.core.definition.Definition;
import io.dbscope.core.definition.Mapping;
import io.dbscope.core.engine.Engine;
import io.dbscope.core.engine.EngineCatalog;
import io.dbscope.core.engine.ExporterHealth;
import io.dbscope.core.metrics.MetricType;
import io.dbscope.core.metrics.SelfMetric;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Generates {@code docs/metrics.md} from the built-in definitions and the self-metric table, so the
 * reference is never written by hand and a test fails when it drifts.
 */
public final class MetricsReference {
  private MetricsReference() {}

  public static String render(EngineCatalog engines) {
    StringBuilder sb = new StringBuilder();
    sb.append("# Metrics reference\n\n")
        .append(
            "Generated from the built-in definitions (`definitions/<engine>/*.yaml` in each engine module)\n")
        .append("by `MetricsReference`; do not edit by hand. Regenerate with\n")
        .append(
            "`./mvnw -q -pl dbscope-server test -Dtest=MetricsReferenceTest -Ddbscope.updateDocs=true`.\n\n")
        .append(
            "Every sample also carries `datasource=\"<name>\"` and the datasource's own `labels`.\n")
        .append(
            "Community counters without `_total` (for example `pg_stat_database_blks_hit`) keep their exact\n")
        .append(
            "name and `# TYPE … counter` in the Prometheus text format; in OpenMetrics, whose counters must end\n")
        .append(
            "in `_total`, they are typed `unknown` so that their names still match existing dashboards.\n")
        .append(
            "dbscope answers OpenMetrics only to a scraper that accepts nothing else; Prometheus's"
                + " default `Accept`\nheader gets the text format, as from the community exporters.\n\n")
        .append("Not listed here because code, not a definition, emits them: query analytics")
        .append(
            " (`pg_query_*`, `mysql_query_*`, `pg_statements_total`, `mysql_statements_total`, the")
        .append(" slow-SQL and transaction gauges), documented with their labels in")
        .append(
            " [query-analytics.md](query-analytics.md); CloudWatch's `aws_*` families, named from")
        .append(" each metric set's YAML, and its `dbscope_cloudwatch_*` self-metrics, in")
        .append(" [cloudwatch.md](cloudwatch.md); custom metrics are named by their own files")
        .append(" ([custom-metrics.md](custom-metrics.md)).\n\n");
    sb.append("## dbscope itself\n\n| metric | type | labels | help |\n|---|---|---|---|\n");
    for (SelfMetric m : SelfMetric.ALL) {
      List<String> labels = new ArrayList<>();
      if (m.perDatasource()) {
        labels.add("datasource");
      }
      labels.addAll(m.labels());
      row(sb, m.name(), m.type(), labels, m.help());
    }
    sb.append(
            "\nProcess and JVM metrics (`process_*`, `jvm_*`) are those of Prometheus client_java's\n")
        .append(
            "`JvmMetrics` (same names, types, help and labels; listed in its documentation), read by\n")
        .append(
            "dbscope from the same MXBeans and GC notifications, which costs a scrape less. Only the\n")
        .append(
            "native memory metrics (with `-XX:NativeMemoryTracking`) come from client_java itself.\n");
    for (Engine e : engines.engines()) {
      sb.append("\n## ").append(e.id());
      if (!e.aliases().isEmpty()) {
        sb.append(" (also: ").append(String.join(", ", e.aliases())).append(')');
      }
      sb.append("\n\n| metric | type | labels | help |\n|---|---|---|---|\n");
      row(sb, e.upMetric(), MetricType.GAUGE, List.of("datasource"), e.upHelp());
      for (ExporterHealth.Family f : e.exporterHealth().families()) {
        List<String> labels = new ArrayList<>(List.of("datasource"));
        labels.addAll(f.labels());
        row(sb, f.name(), f.type(), labels, f.help());
      }
      // About the process, not a datasource: once per engine in use, in /metrics and /probe.
      for (ExporterHealth.ProcessFamily f : e.exporterHealth().processFamilies()) {
        row(sb, f.name(), f.type(), List.copyOf(f.labels().keySet()), f.help());
      }
      exporterCollectors(sb, e.exporterHealth());
      for (Definition d : e.definitions()) {
        sb.append("\n### `").append(d.id()).append("`\n\n");
        if (!d.help().isEmpty()) {
          sb.append(d.help().replace("\n", " ")).append("\n\n");
        }
        sb.append("Versions: ").append(d.versions()).append(". ");
        if (!d.tags().isEmpty()) {
          sb.append("Needs: ")
              .append(
                  d.tags().stream()
                      .sorted()
                      .map(
                          t ->
                              t.startsWith("option:")
                                  ? "`"
                                      + t.substring("option:".length()).replace("|", "` or `")
                                      + "` set"
                                  : t)
                      .collect(Collectors.joining(", ")))
              .append(". ");
        }
        sb.append("Cache: ").append(d.cacheClass().name().toLowerCase(Locale.ROOT));
        if (!d.ttl().isZero()) {
          sb.append(", ttl ").append(io.dbscope.core.config.Durations.format(d.ttl()));
        }
        sb.append(". Group: ")
            .append(d.group())
            .append(d.defaultEnabled() ? "" : " (off by default)")
            .append(".\n\n");
        sb.append("| metric | type | labels | help |\n|---|---|---|---|\n");
        // datasource, then the definition's serverLabel (host:port of the datasource's server)
        List<String> base = new ArrayList<>(List.of("datasource"));
        d.serverLabel().ifPresent(base::add);
        switch (d.mapping()) {
          case Mapping.Columns c -> columns(sb, c, base);
          case Mapping.KeyValue kv -> keyValue(sb, kv, base);
        }
      }
    }
    return sb.toString();
  }

  /**
   * Which of dbscope's collectors report under which of the exporter's collector names, since the
   * two name them differently.
   */
  private static void exporterCollectors(StringBuilder sb, ExporterHealth h) {
    if (h.collectors().isEmpty() && h.connectCollector().isEmpty()) {
      return;
    }
    Map<String, List<String>> byName = new TreeMap<>();
    h.collectors()
        .forEach((id, name) -> byName.computeIfAbsent(name, n -> new ArrayList<>()).add(id));
    sb.append("\nThe exporter's `collector` label values and the dbscope collectors behind each")
        .append(" (success when all of them succeeded, duration their sum):");
    if (!h.connectCollector().isEmpty()) {
      sb.append(" `").append(h.connectCollector()).append("` (durations only): connecting;");
    }
    String sep = " ";
    for (var e : byName.entrySet()) {
      sb.append(sep)
          .append('`')
          .append(e.getKey())
          .append("`: ")
          .append(
              e.getValue().stream()
                  .sorted()
                  .map(id -> "`" + id + "`")
                  .collect(Collectors.joining(", ")));
      sep = "; ";
    }
    sb.append(". Other collectors have no series of their own there");
    if (h.families().stream().anyMatch(f -> f.measure() == ExporterHealth.Measure.LAST_ERROR)) {
      sb.append("; a failure of any counts as an error of the scrape");
    }
    sb.append(".\n");
  }

  private static void columns(StringBuilder sb, Mapping.Columns c, List<String> base) {
    List<String> labels = new ArrayList<>(base);
    c.columns().stream()
        .filter(col -> col.usage() == Column.Usage.LABEL)
        .forEach(col -> labels.add(col.labelName().orElse(col.column())));
    for (Column col : c.columns()) {
      col.usage()
          .metricType()
          .ifPresent(
              t ->
                  row(
                      sb,
                      col.metricName().orElseThrow() + col.usage().suffix(),
                      t,
                      labels,
                      col.help()));
    }
  }

  private static void keyValue(StringBuilder sb, Mapping.KeyValue kv, List<String> base) {
    for (Mapping.KeyRule r : kv.rules()) {
      if (r.drop()) {
        continue;
      }
      List<String> labels = new ArrayList<>(base);
      labels.addAll(kv.labelColumns());
      labels.addAll(r.labels().keySet());
      row(sb, r.name().replaceAll("\\$\\d", "<key>"), r.type(), labels, r.help());
    }
    if (kv.exportUnmatched()) {
      List<String> labels = new ArrayList<>(base);
      labels.addAll(kv.labelColumns());
      String suffix = kv.unitColumn().isPresent() ? "[_seconds\\|_bytes]" : "";
      row(sb, kv.prefix() + "_<key>" + suffix, kv.unmatchedType(), labels, kv.unmatchedHelp());
    }
  }

  private static void row(
      StringBuilder sb, String name, MetricType type, List<String> labels, String help) {
    sb.append("| `")
        .append(name)
        .append("` | ")
        .append(type.histogram() ? "histogram" : type.name().toLowerCase(Locale.ROOT))
        .append(" | ")
        .append(String.join(", ", labels))
        .append(" | ")
        .append(help.replace("|", "\\|").replace("\n", " "))
        .append(" |\n");
  }
}
