package io.dbscope.core.scrape;

import io.dbscope.core.metrics.SampleBatch;
import java.util.List;
import java.util.Optional;

/** Reads samples of a batch by name and one label, for assertions. */
final class Samples {
  private Samples() {}

  /** The value of {@code name} whose label {@code label} is {@code value}, if there is one. */
  static Optional<Double> value(SampleBatch b, String name, String label, String value) {
    List<Double> found =
        b.families().stream()
            .filter(f -> f.name().equals(name))
            .flatMap(f -> f.points().stream())
            .filter(p -> value.equals(p.labels().get(label)))
            .map(SampleBatch.Point::value)
            .toList();
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  /** The value of a collector's self-metric. */
  static double collector(SampleBatch b, String name, String collector) {
    return value(b, name, "collector", collector)
        .orElseThrow(() -> new AssertionError("no " + name + " for collector " + collector));
  }

  /** The value of a datasource's metric. */
  static double datasource(SampleBatch b, String name, String datasource) {
    return value(b, name, "datasource", datasource)
        .orElseThrow(() -> new AssertionError("no " + name + " for datasource " + datasource));
  }

  static boolean has(SampleBatch b, String name) {
    return b.families().stream().anyMatch(f -> f.name().equals(name) && !f.points().isEmpty());
  }
}
