package io.dbscope.server.cli;

import io.dbscope.core.config.DbscopeConfig;
import io.dbscope.core.config.LoadedConfig;
import io.dbscope.core.custom.CustomMetricsException;
import io.dbscope.core.engine.EngineCatalog;
import io.dbscope.server.BuildInfo;
import io.dbscope.server.ClusterSupport;
import io.dbscope.server.Engines;
import io.dbscope.server.EventSinks;
import io.dbscope.server.LoggingSetup;
import io.dbscope.server.Monitor;
import io.dbscope.server.Platform;
import io.dbscope.server.Reloader;
import io.dbscope.server.Startup;
import io.dbscope.server.api.ConsoleState;
import io.dbscope.server.api.History;
import io.dbscope.server.api.HistoryRecorder;
import io.dbscope.server.api.HistorySampler;
import io.dbscope.server.http.HttpFrontend;
import io.dbscope.server.security.WebConfig;
import io.dbscope.server.security.WebConfigException;
import io.dbscope.server.security.WebSecurity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dbscope run --config FILE}: serves metrics until stopped. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Serve Prometheus metrics for the datasources of a config file.")
public final class RunCommand implements Callable<Integer> {
  /**
   * The logger, in a holder so that building the command line ({@code dbscope --version}, {@code
   * check}, {@code help}) does not start logback, a third of the CPU of {@code --version}.
   */
  private static final class Log {
    static final Logger log = LoggerFactory.getLogger(RunCommand.class);
  }

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-c", "--config"},
      required = true,
      description = "Config file (.toml, .yaml or .yml).")
  Path config;

  @Option(
      names = "--web.config.file",
      description = "Prometheus exporter-toolkit web config: TLS, basic_auth_users, headers.")
  Path webConfigFile;

  @Option(
      names = "--strict",
      description =
          "Refuse to start when a custom metrics file has a problem (default: start without it).")
  boolean strict;

  @Option(
      names = "--watch-config",
      description = "Reload when the config file changes (besides SIGHUP and POST /-/reload).")
  boolean watchConfig;

  @Override
  public Integer call() throws Exception {
    EngineCatalog engines = Engines.catalog();
    Optional<LoadedConfig> loaded =
        ConfigSupport.load(config, engines, spec.commandLine().getErr());
    if (loaded.isEmpty()) {
      return ConfigSupport.INVALID_CONFIG;
    }
    Optional<WebConfig> web =
        WebSupport.load(loaded.get().config(), webConfigFile, spec.commandLine().getErr());
    if (web.isEmpty()) {
      return ConfigSupport.INVALID_CONFIG;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Running running;
    try {
      running =
          start(
              config, loaded.get(), engines, web.get(), Optional.ofNullable(webConfigFile), strict);
    } catch (CustomMetricsException e) {
      spec.commandLine().getErr().println("dbscope: " + e.getMessage());
      spec.commandLine().getErr().flush();
      return ConfigSupport.INVALID_CONFIG;
    }
    ReloadTriggers.onSighup(running.reloader());
    if (watchConfig) {
      ReloadTriggers.watch(config, running.reloader());
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  Log.log.info("stopping");
                  running.close();
                  stopped.countDown();
                },
                "dbscope-shutdown"));
    stopped.await();
    return 0;
  }

  /** Starts monitor and HTTP for a loaded config without a web config file (the demo's way). */
  public static Running start(Path file, LoadedConfig loaded, EngineCatalog checking) {
    return start(file, loaded, checking, WebConfig.none(), Optional.empty(), false);
  }

  /** Starts monitor and HTTP for a loaded config; used by {@code run}. */
  static Running start(
      Path file,
      LoadedConfig loaded,
      EngineCatalog checking,
      WebConfig web,
      Optional<Path> webConfigFile,
      boolean strict) {
    return start(file, loaded, checking, web, webConfigFile, strict, Monitor::start);
  }

  /** How the first Monitor is built: {@link Monitor#start}, or in tests one that waits first. */
  @FunctionalInterface
  interface MonitorStarter {
    Monitor start(DbscopeConfig config, Platform platform, Optional<Monitor> previous);
  }

  /**
   * Listens first, then builds the Monitor (which judges the custom metrics files and can take a
   * while): {@code /-/healthy} answers from the start, {@code /-/ready} once everything is loaded.
   */
  static Running start(
      Path file,
      LoadedConfig loaded,
      WebConfig web,
      Optional<Path> webConfigFile,
      boolean strict,
      MonitorStarter monitors) {
    return start(file, loaded, new EngineCatalog(List.of()), web, webConfigFile, strict, monitors);
  }

  private static Running start(
      Path file,
      LoadedConfig loaded,
      EngineCatalog checking,
      WebConfig web,
      Optional<Path> webConfigFile,
      boolean strict,
      MonitorStarter monitors) {
    DbscopeConfig cfg = loaded.config();
    // The catalog that validated the config sends analytics events to stdout; the running one
    // sends them where eventLog (and kafka*) say; a change takes effect at the next restart.
    LoggingSetup.apply(cfg.global());
    // The console keeps the newest events beside wherever the config sends them.
    ConsoleState console = ConsoleState.standalone();
    EventSinks sinks = EventSinks.open(cfg.global()).with(console.events());
    EngineCatalog engines = Engines.catalog(sinks, checking);
    loaded.warnings().forEach(w -> Log.log.warn("{}", w));
    BuildInfo build = BuildInfo.current();
    Startup startup = new Startup();
    ClusterSupport cluster = ClusterSupport.of(cfg, startup::monitor);
    console = console.in(cluster.view());
    HistoryRecorder recorder = new HistoryRecorder(console.history(), console.events());
    Platform platform =
        new Platform(engines, build, strict, sinks, cluster.view(), cluster::samples, recorder);
    web.notes().forEach(n -> Log.log.info("{}", n));
    WebSecurity security;
    try {
      security = WebSecurity.start(web, Reloader.seedAuth(cfg));
    } catch (WebConfigException e) {
      platform.close();
      throw new IllegalStateException(e.getMessage(), e);
    }
    HttpFrontend http = listen(cfg, startup, security, build, platform, console);
    http.start();
    Log.log.info(
        "dbscope {} listening on {}://{}:{}; loading the custom metrics files",
        build.version(),
        security.tls() ? "https" : "http",
        cfg.global().listenHost().isEmpty() ? "0.0.0.0" : cfg.global().listenHost(),
        http.port());
    Monitor monitor;
    try {
      monitor = monitors.start(cfg, platform, Optional.empty());
    } catch (RuntimeException e) {
      http.close();
      platform.close();
      throw e;
    }
    monitor.labelWarnings().forEach(w -> Log.log.warn("{}", w));
    Reloader reloader = new Reloader(file, platform, monitor, security, webConfigFile);
    startup.ready(reloader);
    HistorySampler sampler =
        new HistorySampler(startup::monitor, console, recorder, platform.executor());
    long step = History.STEP.toMillis();
    // Stopped with the platform's scheduler when dbscope shuts down.
    platform
        .resources()
        .scheduler()
        .scheduleWithFixedDelay(
            () -> platform.executor().execute(sampler), 0, step, TimeUnit.MILLISECONDS);
    cluster.start();
    Log.log.info(
        "dbscope {} serving {} datasource(s) on {}://{}:{}{}",
        build.version(),
        monitor.fleet().size(),
        security.tls() ? "https" : "http",
        cfg.global().listenHost().isEmpty() ? "0.0.0.0" : cfg.global().listenHost(),
        http.port(),
        cfg.global().metricPath());
    return new Running(platform, reloader, http, cluster);
  }

  private static HttpFrontend listen(
      DbscopeConfig cfg,
      Startup startup,
      WebSecurity security,
      BuildInfo build,
      Platform platform,
      ConsoleState console) {
    try {
      return new HttpFrontend(
          startup::monitor,
          security,
          Optional.of(() -> startup.reloader().orElseThrow().reload()),
          build.version(),
          cfg.global().listenHost(),
          cfg.global().listenPort(),
          console);
    } catch (BindException e) {
      platform.close();
      throw new IllegalStateException(
          "cannot listen on " + address(cfg) + ": " + e.getMessage() + " (set listenAddress)", e);
    } catch (IOException e) {
      platform.close();
      throw new UncheckedIOException(
          "cannot start the HTTP server on " + address(cfg) + ": " + e.getMessage(), e);
    }
  }

  private static String address(DbscopeConfig cfg) {
    return cfg.global().listenHost() + ":" + cfg.global().listenPort();
  }

  /**
   * A started dbscope: closing it leaves the cluster first (handing state over while the
   * datasources are still open), then stops HTTP, then the monitor, then shared resources.
   */
  public record Running(
      Platform platform, Reloader reloader, HttpFrontend http, ClusterSupport cluster)
      implements AutoCloseable {
    @Override
    public void close() {
      cluster.close();
      http.close();
      reloader.current().close();
      platform.close();
    }
  }
}
