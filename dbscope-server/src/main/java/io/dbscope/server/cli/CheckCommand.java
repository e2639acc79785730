package io.dbscope.server.cli;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.config.LoadedConfig;
import io.dbscope.core.custom.CustomMetricRunner;
import io.dbscope.core.custom.CustomMetricsReport;
import io.dbscope.core.custom.CustomSet;
import io.dbscope.core.custom.LabelWarnings;
import io.dbscope.core.engine.Engine;
import io.dbscope.core.engine.EngineCatalog;
import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.engine.ServerFacts;
import io.dbscope.core.engine.Session;
import io.dbscope.core.engine.Target;
import io.dbscope.server.Engines;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dbscope check --config FILE [--connect]}: validates without serving; with {@code
 * --connect}, tries each datasource once (concurrently) and prints a table. Exit code 0 only when
 * everything is valid (and reachable).
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = "Validate a config file; with --connect, also try each datasource once.")
public final class CheckCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-c", "--config"},
      required = true,
      description = "Config file (.toml, .yaml or .yml).")
  Path config;

  @Option(
      names = "--connect",
      description = "Connect to each datasource once and report version and time.")
  boolean connect;

  @Option(
      names = "--web.config.file",
      description = "Also check this exporter-toolkit web config (and its certificate files).")
  Path webConfigFile;

  /** What {@code --connect} says before it runs custom queries on the databases. */
  static final String GUARDED_RUN =
      "custom metrics: each query the SQL guard accepted runs once, as a scrape runs it: in a"
          + " read-only transaction that is rolled back, with the session reset afterwards (locks,"
          + " variables, settings of the query released) and its row and byte bounds; queries"
          + " marked unchecked are not run.";

  /** One row of the {@code --connect} table. */
  record Probe(DatasourceConfig ds, String version, boolean reachable, long millis, String error) {}

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    EngineCatalog engines = Engines.catalog();
    Optional<LoadedConfig> loaded =
        ConfigSupport.load(config, engines, spec.commandLine().getErr());
    if (loaded.isEmpty()) {
      return ConfigSupport.INVALID_CONFIG;
    }
    if (WebSupport.load(loaded.get().config(), webConfigFile, spec.commandLine().getErr())
        .isEmpty()) {
      return ConfigSupport.INVALID_CONFIG;
    }
    List<DatasourceConfig> all = loaded.get().config().datasources();
    loaded.get().warnings().forEach(w -> out.println("warning: " + w));
    CustomMetricsReport custom = CustomMetricsReport.of(loaded.get().config(), engines);
    List<CustomSet> sets =
        custom.datasources().stream().map(CustomMetricsReport.DatasourceReport::custom).toList();
    LabelWarnings.warnings(sets).forEach(w -> out.println("warning: " + w));
    if (!custom.ok()) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("dbscope: custom metrics: " + custom.problems().size() + " problem(s):");
      custom.problems().forEach(p -> err.println("  " + p));
      err.flush();
    }
    out.printf(
        "%s: %s, %d datasource(s)%n",
        config, custom.ok() ? "valid" : "config valid, custom metrics not", all.size());
    if (!connect) {
      for (DatasourceConfig ds : all) {
        out.printf(
            "  %-24s %-9s %-28s priority=%d%s%n",
            ds.name(),
            ds.engineAlias(),
            ds.address(),
            ds.priority().level(),
            ds.enabled() ? "" : " (disabled)");
      }
      printCustom(out, custom.lines());
      out.flush();
      return custom.ok() ? 0 : ConfigSupport.INVALID_CONFIG;
    }
    List<Probe> probes = probeAll(all, engines);
    out.printf(
        "%-24s %-9s %-20s %-9s %8s  %s%n",
        "NAME", "ENGINE", "VERSION", "REACHABLE", "TIME", "ERROR");
    boolean ok = true;
    for (Probe p : probes) {
      ok &= p.reachable() || !p.ds().enabled();
      out.printf(
          "%-24s %-9s %-20s %-9s %6dms  %s%n",
          p.ds().name(),
          p.ds().engineAlias(),
          p.version(),
          p.ds().enabled() ? (p.reachable() ? "yes" : "no") : "disabled",
          p.millis(),
          p.error());
    }
    boolean customOk = runCustom(out, custom);
    out.flush();
    if (!custom.ok()) {
      return ConfigSupport.INVALID_CONFIG;
    }
    return ok && customOk ? 0 : 1;
  }

  private static void printCustom(PrintWriter out, List<String> lines) {
    if (!lines.isEmpty()) {
      out.println("custom metrics:");
      lines.forEach(l -> out.println("  " + l));
    }
  }

  /**
   * Runs each custom metric the guard accepted once, as a scrape runs it, and prints rows, time and
   * status; a metric that is not run does not fail the check.
   */
  private static boolean runCustom(PrintWriter out, CustomMetricsReport report) {
    boolean ok = true;
    boolean header = false;
    try (EngineResources resources = EngineResources.create()) {
      for (CustomMetricsReport.DatasourceReport d : report.datasources()) {
        if (!d.datasource().enabled()) {
          continue;
        }
        for (CustomMetricRunner.Run r :
            CustomMetricRunner.runAll(d.datasource(), d.engine(), d.custom(), resources)) {
          if (!header) {
            out.printf("%n%s%n", GUARDED_RUN);
            out.printf(
                "%-24s %-32s %-6s %6s %8s  %s%n",
                "DATASOURCE", "CUSTOM METRIC", "OK", "ROWS", "TIME", "ERROR");
            header = true;
          }
          ok &= r.ok() || !r.ran();
          out.printf(
              "%-24s %-32s %-6s %6d %6dms  %s%n",
              d.datasource().name(),
              r.collector(),
              !r.ran() ? "-" : r.ok() ? "yes" : "no",
              r.rows(),
              r.millis(),
              r.truncated()
                  ? "truncated at maxRows" + (r.error().isEmpty() ? "" : "; " + r.error())
                  : r.error());
        }
      }
    }
    return ok;
  }

  private static List<Probe> probeAll(List<DatasourceConfig> all, EngineCatalog engines)
      throws Exception {
    try (EngineResources resources = EngineResources.create();
        ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Probe>> futures = new ArrayList<>();
      for (DatasourceConfig ds : all) {
        Engine engine = engines.find(ds.engine()).orElseThrow();
        futures.add(ex.submit(() -> probe(ds, engine, resources)));
      }
      List<Probe> out = new ArrayList<>();
      for (Future<Probe> f : futures) {
        out.add(f.get());
      }
      return out;
    }
  }

  static Probe probe(DatasourceConfig ds, Engine engine, EngineResources resources) {
    if (!ds.enabled()) {
      return new Probe(ds, "", false, 0, "");
    }
    long start = System.nanoTime();
    try (Target t = engine.open(ds, resources);
        Session s = t.open(ds.connectTimeout())) {
      ServerFacts f = s.facts(ds.queryTimeout());
      String v = f.version() + " " + f.role().name().toLowerCase(Locale.ROOT);
      return new Probe(ds, v, true, (System.nanoTime() - start) / 1_000_000, "");
    } catch (Exception e) {
      String reason = io.dbscope.core.scrape.MonitoredDatasource.describeFailure(e, ds);
      return new Probe(ds, "", false, (System.nanoTime() - start) / 1_000_000, reason);
    }
  }
}
