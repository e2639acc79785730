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
 */
public record ExporterHealth(
    List<Family> families, Map<String, String> collectors, String connectCollector) {

  /** An engine without a community exporter to follow: no families. */
  public static final ExporterHealth NONE = new ExporterHealth(List.of(), Map.of(), "");

  public ExporterHealth {
    families = List.copyOf(families);
    collectors = Map.copyOf(collectors);
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
    COLLECTOR_DURATION(MetricType.GAUGE);

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
