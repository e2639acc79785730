package io.dbscope.engine.redis;

import io.dbscope.core.metrics.Exposition;
import io.dbscope.core.metrics.ExpositionWriter;
import io.dbscope.core.metrics.SampleBatch;
import io.dbscope.testkit.ExpositionText;

/** One collected batch as Prometheus reads it: written by {@link ExpositionWriter}, parsed back. */
final class Scraped {
  private Scraped() {}

  static ExpositionText of(SampleBatch batch) {
    Exposition e = Exposition.builder().add(batch).build();
    return ExpositionText.written(out -> new ExpositionWriter().write(out, e, null));
  }
}
