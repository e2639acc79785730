package io.dbscope.core.custom;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.config.DbscopeConfig;
import io.dbscope.core.engine.Engine;
import io.dbscope.core.engine.EngineCatalog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * What {@code dbscope check} says about custom metrics: per datasource, each configured file and
 * each metric in it with its status, read and resolved exactly as {@code dbscope run} would (files
 * shared between datasources are read once). Connects to nothing; see {@link CustomMetricRunner}
 * for {@code --connect}.
 *
 * <pre>{@code
 * CustomMetricsReport r = CustomMetricsReport.of(config, engines);
 * r.lines().forEach(out::println);
 * int exit = r.ok() ? 0 : 2;
 * }</pre>
 */
public final class CustomMetricsReport {
  /** State of one metric. */
  public enum Status {
    /** Loaded: it runs. */
    OK,
    /** Has problems of its own (see the reason): refused alone, the rest of its file runs. */
    REJECTED,
    /**
     * Fine itself, but its file has a problem that concerns no single metric, so the whole file is
     * left out.
     */
    FILE_NOT_LOADED
  }

  /**
   * One metric of a file.
   *
   * @param collector collector id ({@code custom:<context>} or the YAML id); empty when rejected
   *     before an id could be formed
   * @param name the TOML context or YAML id as written
   * @param line its line in the file
   * @param metricNames the metric names it exports
   * @param reason why it is not OK (problems joined with "; "), empty when OK
   */
  public record MetricStatus(
      String collector,
      String name,
      int line,
      List<String> metricNames,
      Status status,
      String reason) {}

  /** One configured file of one datasource. */
  public record FileReport(
      Path file, boolean loaded, List<Problem> problems, List<MetricStatus> metrics) {}

  /**
   * One datasource; {@code custom} is what {@code run} would plan with.
   *
   * @param registerCustomMetrics whether the datasource's switch is on (when off, its files are not
   *     read)
   */
  public record DatasourceReport(
      DatasourceConfig datasource,
      Engine engine,
      boolean registerCustomMetrics,
      List<FileReport> files,
      CustomSet custom) {}

  private final List<DatasourceReport> datasources;

  private CustomMetricsReport(List<DatasourceReport> datasources) {
    this.datasources = List.copyOf(datasources);
  }

  /** Reads and resolves the custom metrics files of every datasource of a validated config. */
  public static CustomMetricsReport of(DbscopeConfig config, EngineCatalog engines) {
    CustomFiles files = new CustomFiles(CustomMetricsLoader.of(config.global()));
    List<DatasourceReport> out = new ArrayList<>();
    for (DatasourceConfig ds : config.datasources()) {
      Engine engine =
          engines
              .find(ds.engine())
              .orElseThrow(() -> new IllegalArgumentException("unknown engine " + ds.engine()));
      CustomSet set = files.resolve(ds, engine);
      List<FileReport> reports = set.files().stream().map(CustomMetricsReport::file).toList();
      out.add(new DatasourceReport(ds, engine, ds.registerCustomMetrics(), reports, set));
    }
    return new CustomMetricsReport(out);
  }

  private static FileReport file(FileStatus f) {
    List<MetricStatus> metrics = new ArrayList<>();
    for (CustomMetric m : f.metrics()) {
      metrics.add(
          new MetricStatus(
              m.id(),
              m.name(),
              m.line(),
              m.metricNames(),
              f.loaded() ? Status.OK : Status.FILE_NOT_LOADED,
              f.loaded() ? "" : "the file has a problem of its own (below); it is left out whole"));
    }
    for (RefusedMetric r : f.refused()) {
      metrics.add(
          new MetricStatus(
              r.collector(), r.name(), r.line(), r.metricNames(), Status.REJECTED, r.reason()));
    }
    metrics.sort(java.util.Comparator.comparingInt(MetricStatus::line));
    return new FileReport(f.file(), f.loaded(), f.problems(), metrics);
  }

  public List<DatasourceReport> datasources() {
    return datasources;
  }

  /**
   * Whether every configured file of every datasource (with the switch on) is loaded with every
   * metric in it: a refused metric fails the check even though the rest of its file runs.
   */
  public boolean ok() {
    return problems().isEmpty();
  }

  /** Every problem once, in order: what {@code run --strict} would refuse to start with. */
  public List<Problem> problems() {
    LinkedHashSet<Problem> all = new LinkedHashSet<>();
    datasources.forEach(d -> d.files().forEach(f -> all.addAll(f.problems())));
    return List.copyOf(all);
  }

  /**
   * A readable listing: per datasource and file, one line per metric with its status, then the
   * file's problems that concern no single metric.
   */
  public List<String> lines() {
    List<String> out = new ArrayList<>();
    for (DatasourceReport d : datasources) {
      if (d.files().isEmpty()) {
        continue;
      }
      out.add("datasource " + d.datasource().name() + " (" + d.datasource().engineAlias() + "):");
      for (FileReport f : d.files()) {
        long rejected = f.metrics().stream().filter(m -> m.status() == Status.REJECTED).count();
        out.add(
            "  "
                + f.file()
                + ": "
                + (f.loaded() ? "loaded" : "NOT LOADED")
                + ", "
                + f.metrics().size()
                + " metric(s)"
                + (f.loaded() && rejected > 0 ? ", " + rejected + " refused" : ""));
        for (MetricStatus m : f.metrics()) {
          String names =
              m.metricNames().isEmpty() ? "" : " -> " + String.join(", ", m.metricNames());
          out.add(
              String.format(
                  "    %-8s line %-4d %s%s%s",
                  label(m.status()),
                  m.line(),
                  m.collector().isEmpty() ? m.name() : m.collector(),
                  names,
                  m.reason().isEmpty() ? "" : ": " + m.reason()));
        }
        for (Problem p : f.problems()) {
          if (p.metric().isEmpty()) {
            out.add("    ERROR    " + p);
          }
        }
      }
    }
    return out;
  }

  private static String label(Status s) {
    return switch (s) {
      case OK -> "ok";
      case REJECTED -> "REJECTED";
      case FILE_NOT_LOADED -> "skipped";
    };
  }
}
