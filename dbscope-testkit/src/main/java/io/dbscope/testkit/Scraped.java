package io.dbscope.testkit;

import io.dbscope.core.metrics.Exposition;
import io.dbscope.core.metrics.ExpositionWriter;
import io.dbscope.core.metrics.SampleBatch;

/**
 * Collected batches as Prometheus reads them: written by {@link ExpositionWriter} and parsed back,
 * so that tests assert on what a dashboard sees (names, {@code # TYPE}, labels), not on internal
 * objects.
 */
public final class Scraped {
  private Scraped() {}

  public static ExpositionText of(SampleBatch... batches) {
    Exposition.Builder b = Exposition.builder();
    for (SampleBatch batch : batches) {
      b.add(batch);
    }
    Exposition e = b.build();
    return ExpositionText.written(out -> new ExpositionWriter().write(out, e, null));
  }

  /** {@code dbscope_collector_success} of one collector of one datasource. */
  public static double success(ExpositionText s, String datasource, String collector) {
    return s.value("dbscope_collector_success", "datasource", datasource, "collector", collector);
  }
}
