package io.dbscope.core.config;

import java.util.Optional;
import java.util.Set;

/**
 * The labels Prometheus sets on every series of a target, {@code instance} and {@code job}. A
 * series that carries one already is not refused (some setups scrape through a proxy and want it),
 * but Prometheus renames it to {@code exported_instance} / {@code exported_job}, or with {@code
 * honor_labels: true} lets it replace the target's own: either way rarely what was meant, so
 * dbscope warns, for the datasource's {@code labels} and for custom metrics alike.
 *
 * <pre>{@code
 * TargetLabels.clash("job"); // Optional["label 'job' is a label Prometheus sets on every target: ..."]
 * }</pre>
 */
public final class TargetLabels {
  private static final Set<String> NAMES = Set.of("instance", "job");

  private TargetLabels() {}

  /** The warning for a label named {@code name}, or empty when Prometheus leaves it alone. */
  public static Optional<String> clash(String name) {
    if (!NAMES.contains(name)) {
      return Optional.empty();
    }
    return Optional.of(
        "label '"
            + name
            + "' is a label Prometheus sets on every target: it renames this one to exported_"
            + name
            + " (with honor_labels: true it replaces the target's own); choose another name");
  }
}
