package io.dbscope.core.scrape;

import io.dbscope.core.engine.Engine;
import io.dbscope.core.engine.ExporterHealth;
import io.dbscope.core.engine.ExporterHealth.BuildFact;
import io.dbscope.core.engine.ExporterHealth.ProcessFamily;
import io.dbscope.core.metrics.SampleBatch;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The community exporters' families about themselves ({@link ExporterHealth#processFamilies()}):
 * {@code postgres_exporter_build_info}, its config reload state, {@code
 * redis_target_scrape_request_errors_total}. They describe this process, so each is served once per
 * engine in use, without a datasource label, from what the process knows.
 *
 * @param build the build's facts for {@code *_build_info} labels
 * @param reloadSuccessful whether the last config load succeeded
 * @param reloadSuccessSeconds Unix time of the last successful config load
 * @param requestErrors refused requests for one target since start
 */
public record ExporterProcessSamples(
    Map<BuildFact, String> build,
    boolean reloadSuccessful,
    double reloadSuccessSeconds,
    long requestErrors) {

  public ExporterProcessSamples {
    build = Map.copyOf(build);
  }

  /** Adds the process families of each distinct engine among {@code engines}. */
  public void addTo(SampleBatch batch, Collection<Engine> engines) {
    Set<String> seen = new LinkedHashSet<>();
    for (Engine e : engines) {
      for (ProcessFamily f : e.exporterHealth().processFamilies()) {
        if (seen.add(f.name())) {
          batch.add(f.name(), f.type(), f.help(), labels(f), value(f));
        }
      }
    }
  }

  private Labels labels(ProcessFamily f) {
    if (f.labels().isEmpty()) {
      return Labels.EMPTY;
    }
    Labels.Builder b = Labels.builder();
    f.labels().forEach((name, fact) -> b.label(name, build.getOrDefault(fact, "")));
    return b.build();
  }

  private double value(ProcessFamily f) {
    return switch (f.measure()) {
      case BUILD_INFO -> 1;
      case RELOAD_SUCCESSFUL -> reloadSuccessful ? 1 : 0;
      case RELOAD_SUCCESS_TIME -> reloadSuccessSeconds;
      case REQUEST_ERRORS -> requestErrors;
    };
  }
}
