package io.dbscope.server;

import io.dbscope.core.metrics.SampleBatch;
import io.dbscope.core.metrics.SelfMetric;
import io.prometheus.metrics.model.snapshots.Labels;

/** Version of this build, read from the jar manifest (falls back to "dev" in the IDE). */
public record BuildInfo(String version) {

  public static BuildInfo current() {
    String v = BuildInfo.class.getPackage().getImplementationVersion();
    return new BuildInfo(v == null ? "dev" : v);
  }

  /** {@code dbscope_build_info}: the samples that never change during a run. */
  public SampleBatch samples() {
    SampleBatch b = new SampleBatch();
    SelfMetric.BUILD_INFO.add(
        b, Labels.of("version", version, "java_version", Runtime.version().toString()), 1);
    return b.seal();
  }
}
