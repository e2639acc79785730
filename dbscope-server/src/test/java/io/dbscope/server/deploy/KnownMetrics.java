package io.dbscope.server.deploy;

import io.dbscope.core.definition.Column;
import io.dbscope.core.definition.Definition;
import io.dbscope.core.definition.DefinitionLoader;
import io.dbscope.core.definition.Mapping;
import io.dbscope.core.engine.Engine;
import io.dbscope.core.metrics.MetricType;
import io.dbscope.core.metrics.SelfMetric;
import io.dbscope.server.Engines;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Every metric name the deploy assets may query, with its type: what the definition YAML files
 * export (column names, keyValue rule names with their {@code $1} groups as wildcards, and the
 * {@code prefix_<key>} family of keyValue definitions that export unmatched keys), dbscope's self
 * metrics, the engines' {@code <engine>_up}, client_java's process and JVM metrics, the records of
 * the recording rules, Prometheus' own {@code up}, and the explicit list of {@link #FUTURE} names
 * of features not built yet.
 */
final class KnownMetrics {

  /** What a name is; only counters (and untyped, which may be) may go into rate(). */
  enum Kind {
    COUNTER,
    GAUGE,
    UNTYPED,
    RECORD,
    FUTURE_COUNTER,
    FUTURE_GAUGE;

    boolean rateable() {
      return this == COUNTER || this == UNTYPED || this == FUTURE_COUNTER;
    }
  }

  /** A name of a feature not built yet, and where it will come from. */
  record Future(Kind kind, String from) {}

  /** Names of features not built yet; rules and panels may use them before they exist. */
  static final Map<String, Future> FUTURE = Map.of();

  /** Gauges that rules feed to increase() on purpose, with the reason. */
  static final Map<String, String> RATED_GAUGES =
      Map.of(
          "redis_slowlog_last_id", "a gauge by redis_exporter's choice, but an id that only grows");

  private final Map<String, Kind> exact = new TreeMap<>();
  private final Map<Pattern, Kind> patterns = new LinkedHashMap<>();
  private final List<String> arrived = new ArrayList<>();

  private KnownMetrics() {}

  /**
   * Collects the names.
   *
   * @param repo the repository root, whose dbscope-engine-&#42;/src/main/resources/definitions are
   *     read
   * @param records names the recording rules record
   */
  static KnownMetrics load(Path repo, Collection<String> records) {
    KnownMetrics k = new KnownMetrics();
    k.definitions(repo);
    k.queryAnalytics(repo);
    for (SelfMetric m : SelfMetric.ALL) {
      k.exact.put(m.name(), kind(m.type()));
    }
    for (Engine e : Engines.catalog().engines()) {
      k.exact.put(e.upMetric(), Kind.GAUGE);
      for (var f : e.exporterHealth().families()) {
        if (f.type() == MetricType.SUMMARY) {
          k.summary(f.name(), false);
        } else {
          k.exact.put(f.name(), kind(f.type()));
        }
      }
      e.exporterHealth().processFamilies().forEach(f -> k.exact.put(f.name(), kind(f.type())));
    }
    k.clientJava();
    records.forEach(r -> k.exact.put(r, Kind.RECORD));
    k.exact.put("up", Kind.GAUGE);
    FUTURE.forEach(
        (name, f) -> {
          if (k.kind(name).isPresent()) {
            k.arrived.add(name + " (" + f.from() + ")");
          }
          k.exact.put(name, f.kind());
        });
    return k;
  }

  Optional<Kind> kind(String name) {
    Kind k = exact.get(name);
    if (k != null) {
      return Optional.of(k);
    }
    return patterns.entrySet().stream()
        .filter(e -> e.getKey().matcher(name).matches())
        .map(Map.Entry::getValue)
        .findFirst();
  }

  /** {@link #FUTURE} names that something exports by now: they belong off the list. */
  List<String> arrivedFutures() {
    return List.copyOf(arrived);
  }

  int size() {
    return exact.size() + patterns.size();
  }

  /**
   * Query analytics metrics are emitted by code, not definitions; their names are documented in
   * docs/query-analytics.md (the first column of its metric tables, {@code P_} standing for {@code
   * pg_} and {@code mysql_}), which the integration test against a real Prometheus holds to the
   * truth.
   */
  private void queryAnalytics(Path repo) {
    List<String> lines;
    try {
      lines = Files.readAllLines(repo.resolve("docs/query-analytics.md"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Pattern cell = Pattern.compile("`([A-Za-z_:]+)((?:/_[a-z]+)*)`");
    for (String line : lines) {
      if (!line.startsWith("| `")) {
        continue;
      }
      String first = line.substring(1, line.indexOf('|', 1));
      var m = cell.matcher(first);
      while (m.find()) {
        List<String> names = new ArrayList<>();
        String base = m.group(1);
        names.add(base);
        if (!m.group(2).isEmpty()) {
          String stem = base.substring(0, base.lastIndexOf('_'));
          for (String suffix : m.group(2).substring(1).split("/")) {
            names.add(stem + suffix);
          }
        }
        for (String n : names) {
          for (String expanded :
              n.startsWith("P_")
                  ? List.of("pg_" + n.substring(2), "mysql_" + n.substring(2))
                  : List.of(n)) {
            exact.putIfAbsent(expanded, expanded.endsWith("_total") ? Kind.COUNTER : Kind.GAUGE);
          }
        }
      }
    }
  }

  private void definitions(Path repo) {
    List<Path> files;
    try (var s = Files.walk(repo, 1)) {
      files =
          s.filter(d -> d.getFileName().toString().startsWith("dbscope-engine-"))
              .map(d -> d.resolve("src/main/resources/definitions"))
              .filter(Files::isDirectory)
              .flatMap(KnownMetrics::yamlFiles)
              .sorted()
              .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (files.isEmpty()) {
      throw new IllegalStateException("no definition files under " + repo + "/dbscope-engine-*");
    }
    DefinitionLoader loader = new DefinitionLoader();
    for (Path f : files) {
      try (InputStream in = Files.newInputStream(f)) {
        loader.load(repo.relativize(f).toString(), in).forEach(this::definition);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static java.util.stream.Stream<Path> yamlFiles(Path dir) {
    try (var s = Files.walk(dir)) {
      return s
          .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
          .toList()
          .stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void definition(Definition d) {
    switch (d.mapping()) {
      case Mapping.Columns c -> {
        for (Column col : c.columns()) {
          col.usage()
              .metricType()
              .ifPresent(
                  t -> {
                    String name = col.metricName().orElseThrow();
                    if (t.grouped()) {
                      // The family's name and its samples' (_bucket, _sum, _count) as in summary().
                      exact.put(name, Kind.GAUGE);
                      exact.put(name + col.usage().suffix(), Kind.COUNTER);
                    } else {
                      exact.put(name, kind(t));
                    }
                  });
        }
      }
      case Mapping.KeyValue kv -> {
        for (Mapping.KeyRule r : kv.rules()) {
          if (r.drop()) {
            continue;
          }
          if (r.name().contains("$")) {
            patterns.put(wildcards(r.name()), kind(r.type()));
          } else {
            exact.put(r.name(), kind(r.type()));
          }
        }
        if (kv.exportUnmatched()) {
          patterns.put(
              Pattern.compile(Pattern.quote(kv.prefix() + "_") + "[a-z0-9_]+"),
              kind(kv.unmatchedType()));
        }
      }
    }
  }

  /** {@code redis_cluster_$1} matches {@code redis_cluster_} and any key suffix. */
  private static Pattern wildcards(String name) {
    StringBuilder re = new StringBuilder();
    for (String part : name.split("\\$\\d", -1)) {
      if (!re.isEmpty()) {
        re.append("[a-z0-9_]+");
      }
      re.append(Pattern.quote(part));
    }
    return Pattern.compile(re.toString());
  }

  /** client_java's process and JVM metrics, as the text format names them. */
  private void clientJava() {
    PrometheusRegistry registry = new PrometheusRegistry();
    JvmMetrics.builder().register(registry);
    for (MetricSnapshot s : registry.scrape()) {
      String n = s.getMetadata().getPrometheusName();
      switch (s) {
        case CounterSnapshot c -> exact.put(n + "_total", Kind.COUNTER);
        case InfoSnapshot i -> exact.put(n + "_info", Kind.GAUGE);
        case SummarySnapshot sum -> summary(n, false);
        case HistogramSnapshot h -> summary(n, true);
        default -> exact.put(n, Kind.GAUGE);
      }
    }
  }

  private void summary(String n, boolean histogram) {
    exact.put(n, Kind.GAUGE);
    exact.put(n + "_count", Kind.COUNTER);
    exact.put(n + "_sum", Kind.COUNTER);
    if (histogram) {
      exact.put(n + "_bucket", Kind.COUNTER);
    }
  }

  private static Kind kind(MetricType t) {
    return switch (t) {
      case COUNTER -> Kind.COUNTER;
      case GAUGE -> Kind.GAUGE;
      case UNTYPED -> Kind.UNTYPED;
      // A gauge histogram's samples are gauges; a histogram's are counters.
      case GAUGE_HISTOGRAM -> Kind.GAUGE;
      case HISTOGRAM -> Kind.COUNTER;
      // A summary's quantiles are gauges (its _sum and _count are counters, see summary()).
      case SUMMARY -> Kind.GAUGE;
    };
  }
}
