package io.dbscope.server;

import io.dbscope.core.engine.ExporterHealth.BuildFact;
import io.dbscope.core.metrics.SampleBatch;
import io.dbscope.core.metrics.SelfMetric;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** Version of this build, read from the jar manifest (falls back to "dev" in the IDE). */
public record BuildInfo(String version) {

  public static BuildInfo current() {
    String v = BuildInfo.class.getPackage().getImplementationVersion();
    return new BuildInfo(v == null ? "dev" : v);
  }

  /**
   * The facts the community exporters' {@code *_build_info} families carry as labels, in dbscope's
   * terms: Java's version where they name Go's, the platform as Go names it.
   */
  public Map<BuildFact, String> facts() {
    Map<BuildFact, String> f = new EnumMap<>(BuildFact.class);
    f.put(BuildFact.VERSION, version);
    f.put(BuildFact.REVISION, version);
    f.put(BuildFact.RUNTIME_VERSION, "java" + Runtime.version().feature());
    f.put(BuildFact.OS, goName(System.getProperty("os.name", "")));
    f.put(BuildFact.ARCH, goName(System.getProperty("os.arch", "")));
    f.put(BuildFact.BRANCH, "");
    f.put(BuildFact.TAGS, "unknown");
    f.put(BuildFact.BUILD_DATE, "");
    return f;
  }

  /** Java's names for the platform, as Go spells them (amd64, arm64, linux, darwin, windows). */
  static String goName(String javaName) {
    String n = javaName.toLowerCase(Locale.ROOT);
    return switch (n) {
      case "x86_64" -> "amd64";
      case "aarch64" -> "arm64";
      case "mac os x" -> "darwin";
      default -> n.startsWith("windows") ? "windows" : n.replace(' ', '_');
    };
  }

  /** {@code dbscope_build_info}: the samples that never change during a run. */
  public SampleBatch samples() {
    SampleBatch b = new SampleBatch();
    SelfMetric.BUILD_INFO.add(
        b, Labels.of("version", version, "java_version", Runtime.version().toString()), 1);
    return b.seal();
  }
}
