package io.dbscope.server;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.dbscope.core.cluster.ClusterView;
import io.dbscope.core.engine.Engine;
import io.dbscope.core.engine.EngineCatalog;
import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.engine.ExporterHealth.BuildFact;
import io.dbscope.core.metrics.SampleBatch;
import io.dbscope.core.scrape.CollectionListener;
import io.dbscope.core.scrape.ExporterProcessSamples;
import io.prometheus.metrics.instrumentation.jvm.JvmNativeMemoryMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * What lives as long as the process, across config reloads: the engines, the shared scheduler and
 * collections' executor, process/JVM metrics, build info and the reload state. Pools of datasources
 * that survive a reload keep using the same scheduler, so it must outlive any one {@link Monitor}.
 */
public final class Platform implements AutoCloseable {
  private final EngineCatalog engines;
  private final EngineResources resources = EngineResources.create();

  /**
   * The collections and health checks: a few on platform threads, kept between scrapes, so that at
   * Prometheus's pace a JDBC collection's every answer from the database wakes that thread alone,
   * not the JDK's poller and then a carrier; a fleet's beyond them on virtual threads.
   */
  private final ExecutorService executor =
      new PlatformFirstThreads("dbscope-collect-", 4, Duration.ofMinutes(10));

  private final PrometheusRegistry processMetrics = new PrometheusRegistry();
  private final RuntimeSamples runtimeSamples = new RuntimeSamples();
  private final SampleBatch buildSamples;
  private final BuildInfo build;
  private final Map<BuildFact, String> buildFacts;
  private final ReloadStatus reload = new ReloadStatus();
  private final LongAdder refusedTargetRequests = new LongAdder();
  private final boolean strict;
  private final EventSinks sinks;
  private final CollectionListener collections;
  private final ClusterView cluster;
  private final Consumer<SampleBatch> clusterSamples;

  public Platform(EngineCatalog engines, BuildInfo build) {
    this(engines, build, false, EventSinks.of(event -> {}));
  }

  public Platform(EngineCatalog engines, BuildInfo build, boolean strict, EventSinks sinks) {
    this(engines, build, strict, sinks, ClusterView.local(), out -> {}, CollectionListener.NONE);
  }

  /**
   * @param strict whether a custom metrics file with problems refuses the config (start or reload)
   *     instead of being left out
   * @param sinks the query-analytics sinks the engines were built with: their self-metrics are
   *     exported with the process's, and they are closed with it
   * @param cluster which datasources this instance scrapes ({@link ClusterView#local()} without a
   *     {@code [cluster]} table); the cluster node itself is closed by its owner, before this
   * @param clusterSamples adds the {@code dbscope_cluster_*} self-metrics to {@code /metrics}
   * @param collections sees every collection of every datasource (the console's history); each
   *     {@link Monitor} attaches it to its datasources
   */
  public Platform(
      EngineCatalog engines,
      BuildInfo build,
      boolean strict,
      EventSinks sinks,
      ClusterView cluster,
      Consumer<SampleBatch> clusterSamples,
      CollectionListener collections) {
    this.collections = collections;
    this.engines = engines;
    this.cluster = cluster;
    this.clusterSamples = clusterSamples;
    this.sinks = sinks;
    this.build = build;
    this.buildSamples = build.samples();
    this.buildFacts = build.facts();
    this.strict = strict;
    // The rest of client_java's JvmMetrics comes from RuntimeSamples, for speed.
    processMetrics.register(runtimeSamples);
    if (nativeMemoryTracking()) {
      JvmNativeMemoryMetrics.builder().register(processMetrics);
    }
  }

  /**
   * Whether the JVM runs with {@code -XX:NativeMemoryTracking}. client_java asks for the native
   * memory summary through the platform MBean server, whose creation (every platform MXBean
   * registered) was a tenth of the start-up CPU, to register nothing when tracking is off.
   */
  private static boolean nativeMemoryTracking() {
    HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    try {
      return vm != null && !vm.getVMOption("NativeMemoryTracking").getValue().equals("off");
    } catch (IllegalArgumentException e) {
      return true; // not HotSpot's flag: let client_java find out
    }
  }

  /** Who sees every collection (the console's history). */
  public CollectionListener collections() {
    return collections;
  }

  public EngineCatalog engines() {
    return engines;
  }

  /** Which datasources this instance scrapes: all of them, unless it is one of a cluster. */
  public ClusterView cluster() {
    return cluster;
  }

  public boolean strict() {
    return strict;
  }

  public EngineResources resources() {
    return resources;
  }

  public ExecutorService executor() {
    return executor;
  }

  public PrometheusRegistry processMetrics() {
    return processMetrics;
  }

  public BuildInfo build() {
    return build;
  }

  public ReloadStatus reload() {
    return reload;
  }

  /** The JVM and process gauges and counters, for each {@code /metrics} scrape. */
  public SampleBatch runtimeSamples() {
    return runtimeSamples.samples();
  }

  /** A {@code /probe} request that named no datasource, or one that does not exist. */
  public void targetRequestRefused() {
    refusedTargetRequests.increment();
  }

  /**
   * Build info and reload state, dbscope's and in the names of the community exporters of {@code
   * engines} (the engines of the datasources scraped), for each scrape.
   */
  public SampleBatch processSamples(Collection<Engine> engines) {
    SampleBatch b = new SampleBatch();
    b.addAll(buildSamples);
    reload.addSamples(b);
    new ExporterProcessSamples(
            buildFacts,
            reload.lastSuccessful(),
            reload.lastSuccessSeconds(),
            refusedTargetRequests.sum())
        .addTo(b, engines);
    sinks.samples(b);
    clusterSamples.accept(b);
    return b.seal();
  }

  @Override
  public void close() {
    runtimeSamples.close();
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    resources.close();
    sinks.close();
  }
}
