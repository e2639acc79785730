package io.dbscope.core.engine;

import io.dbscope.core.metrics.MetricType;
import java.util.List;
import java.util.Map;

/**
 * The community exporter's own health families (its scrapes, last error, durations, per-collector
 * success), which alert rules written for that exporter query. Core emits them for each datasource
 * of the engine, with the datasource's labels, next to dbscope's own {@code dbscope_*} families;
 * the engine only names them, so that core stays free of any exporter's vocabulary.
 *
 * @param families the families the exporter serves, each with what it measures
 * @param collectors the exporter's collector name for each of the engine's collector ids; several
 *     ids may share one name (it succeeded when all of them did, and took their summed time). A
 *     collector not named here (a custom metric, query analytics, a definition the exporter serves
 *     outside its collectors) has no series of its own, but its failure still counts as an error of
 *     the scrape.
 * @param connectCollector the collector name under which the exporter reports the time connecting
 *     took in its per-collector duration family (mysqld_exporter's {@code connection}); empty for
 *     none
 * @param processFamilies the exporter's families about itself rather than a target (its build, its
 *     config reloads, its refused requests): served once per engine in use, without a datasource
 *     label, in {@code /metrics} and in each {@code /probe} answer of the engine's datasources
 */
public record ExporterHealth(
    List<Family> families,
    Map<String, String> collectors,
    String connectCollector,
    List<ProcessFamily> processFamilies) {

  /** An engine without a community exporter to follow: no families. */
  public static final ExporterHealth NONE = new ExporterHealth(List.of(), Map.of(), "");

  public ExporterHealth {
    families = List.copyOf(families);
    collectors = Map.copyOf(collectors);
    processFamilies = List.copyOf(processFamilies);
  }

  public ExporterHealth(
      List<Family> families, Map<String, String> collectors, String connectCollector) {
    this(families, collectors, connectCollector, List.of());
  }

  /** The same with these process families. */
  public ExporterHealth withProcessFamilies(ProcessFamily... more) {
    return new ExporterHealth(families, collectors, connectCollector, List.of(more));
  }

  /** What a process family measures. */
  public enum ProcessMeasure {
    /** 1, with the build's facts as labels (the exporter's {@code *_build_info}). */
    BUILD_INFO(MetricType.GAUGE),
    /** 1 when the last config load succeeded, else 0. */
    RELOAD_SUCCESSFUL(MetricType.GAUGE),
    /** Unix time of the last successful config load. */
    RELOAD_SUCCESS_TIME(MetricType.GAUGE),
    /** Requests for one target that were refused (no such target, no target named). */
    REQUEST_ERRORS(MetricType.COUNTER);

    private final MetricType type;

    ProcessMeasure(MetricType type) {
      this.type = type;
    }

    public MetricType type() {
      return type;
    }
  }

  /** A fact about the running build, as a {@link ProcessMeasure#BUILD_INFO} label value. */
  public enum BuildFact {
    /** dbscope's version. */
    VERSION,
    /** The source revision dbscope was built from, or its version when unknown. */
    REVISION,
    /** The Java runtime's version (where a Go exporter names its Go version). */
    RUNTIME_VERSION,
    /** The operating system, as Go names it ({@code linux}). */
    OS,
    /** The processor architecture, as Go names it ({@code amd64}). */
    ARCH,
    /** Empty: a release build has no branch. */
    BRANCH,
    /** Build tags; {@code unknown}, as the Go exporters say when none were given. */
    TAGS,
    /** When the build was made, or empty when unknown. */
    BUILD_DATE
  }

  /**
   * One process family.
   *
   * @param labels for {@link ProcessMeasure#BUILD_INFO}: each label name with the fact it holds, in
   *     the exporter's order; empty otherwise
   */
  public record ProcessFamily(
      String name, ProcessMeasure measure, String help, Map<String, BuildFact> labels) {
    public ProcessFamily {
      labels = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(labels));
    }

    public ProcessFamily(String name, ProcessMeasure measure, String help) {
      this(name, measure, help, Map.of());
    }

    /**
     * {@code <program>_build_info} as the Prometheus project's Go library (prometheus/common's
     * version package) writes it for every exporter built with it: its labels and help text.
     */
    public static ProcessFamily goBuildInfo(String program) {
      Map<String, BuildFact> labels = new java.util.LinkedHashMap<>();
      labels.put("branch", BuildFact.BRANCH);
      labels.put("goarch", BuildFact.ARCH);
      labels.put("goos", BuildFact.OS);
      labels.put("goversion", BuildFact.RUNTIME_VERSION);
      labels.put("revision", BuildFact.REVISION);
      labels.put("tags", BuildFact.TAGS);
      labels.put("version", BuildFact.VERSION);
      return new ProcessFamily(
          program + "_build_info",
          ProcessMeasure.BUILD_INFO,
          "A metric with a constant '1' value labeled by version, revision, branch, goversion from"
              + " which "
              + program
              + " was built, and the goos and goarch for the build.",
          labels);
    }

    public MetricType type() {
      return measure.type();
    }
  }

  /** What a family measures, which fixes its type and labels. */
  public enum Measure {
    /** Scrapes of the datasource since dbscope started (each collection, also a skipped one). */
    SCRAPES(MetricType.COUNTER),
    /** 1 when the last scrape could not connect or one of its collectors failed, else 0. */
    LAST_ERROR(MetricType.GAUGE),
    /** Seconds the last scrape of the datasource took. */
    LAST_DURATION(MetricType.GAUGE),
    /** Seconds connecting took in the last scrape (absent while nothing was attempted). */
    CONNECT_DURATION(MetricType.GAUGE),
    /** Per exporter collector: 1 when it succeeded in the last scrape, else 0. */
    COLLECTOR_SUCCESS(MetricType.GAUGE),
    /** Per exporter collector: seconds it took in the last scrape. */
    COLLECTOR_DURATION(MetricType.GAUGE),
    /** Seconds of every scrape of the datasource as a summary: their sum and their count. */
    DURATION_SUMMARY(MetricType.SUMMARY);

    private final MetricType type;

    Measure(MetricType type) {
      this.type = type;
    }

    public MetricType type() {
      return type;
    }
  }

  /**
   * One family.
   *
   * @param errorLabel for {@link Measure#LAST_ERROR}: a label that says what failed
   *     (redis_exporter's {@code err}), empty on success; empty for no such label. Its values are
   *     bounded: the kind of connection failure or the first failed collector, never a message.
   */
  public record Family(String name, Measure measure, String help, String errorLabel) {

    public Family(String name, Measure measure, String help) {
      this(name, measure, help, "");
    }

    public MetricType type() {
      return measure.type();
    }

    /** Label names besides the datasource's. */
    public List<String> labels() {
      return switch (measure) {
        case COLLECTOR_SUCCESS, COLLECTOR_DURATION -> List.of("collector");
        case LAST_ERROR -> errorLabel.isEmpty() ? List.of() : List.of(errorLabel);
        default -> List.of();
      };
    }
  }
}
