package io.dbscope.demo;

import io.dbscope.core.config.LoadedConfig;
import io.dbscope.core.engine.EngineCatalog;
import io.dbscope.server.Engines;
import io.dbscope.server.cli.ConfigSupport;
import io.dbscope.server.cli.RunCommand;
import io.dbscope.testkit.DemoWorkload;
import io.dbscope.testkit.FixtureException;
import io.dbscope.testkit.MariaDbFixture;
import io.dbscope.testkit.PostgresFixture;
import io.dbscope.testkit.RedisFixture;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * A running demo: embedded PostgreSQL (zonky binaries from Maven Central) and Redis (bundled
 * binary), plus MariaDB when Debian's {@code mariadb-server} is installed, a small bounded workload
 * on them, a config written for them and dbscope serving their metrics. Closing it stops dbscope
 * first, then the workload, then the databases.
 *
 * <pre>{@code
 * Demo.Options options = new Demo.Options(9630, Duration.ofMinutes(5), false);
 * try (Demo demo = Demo.start(options, out, err).orElseThrow()) {
 *   ... GET http://127.0.0.1:<demo.port()>/metrics ...
 * }
 * }</pre>
 */
public final class Demo implements AutoCloseable {
  /** Closed last-started first: dbscope, then the workload, then the databases. */
  private final Deque<AutoCloseable> resources;

  private final Path configFile;
  private final int port;

  /** What {@code dbscope demo}'s options choose. */
  public record Options(int port, Duration workload, boolean mariadb) {}

  private Demo(Deque<AutoCloseable> resources, Path configFile, int port) {
    this.resources = resources;
    this.configFile = configFile;
    this.port = port;
  }

  /**
   * Starts the databases, the workload and dbscope; empty, after printing the problems to {@code
   * err}, if dbscope refuses the config written for them.
   */
  public static Optional<Demo> start(Options options, PrintWriter out, PrintWriter err)
      throws IOException, SQLException {
    Deque<AutoCloseable> resources = new ArrayDeque<>();
    try {
      PostgresFixture pg = PostgresFixture.builder().statStatements().start();
      resources.push(pg);
      try (Connection c = pg.connect();
          Statement st = c.createStatement()) {
        st.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
      }
      RedisFixture redis = RedisFixture.bundled().start();
      resources.push(redis);
      Optional<MariaDbFixture> maria = options.mariadb() ? mariadb(out) : Optional.empty();
      maria.ifPresent(resources::push);
      DemoWorkload workload = new DemoWorkload(options.workload());
      resources.push(workload);
      workload.sql("postgres", pg.jdbcUrl("postgres"), "postgres", "");
      workload.redis("redis", redis.host(), redis.port());
      if (maria.isPresent()) {
        MariaDbFixture m = maria.get();
        try (Connection c =
                DriverManager.getConnection(m.jdbcUrl("mysql"), m.user(), m.password());
            Statement st = c.createStatement()) {
          st.execute("CREATE DATABASE IF NOT EXISTS demo");
        }
        workload.sql("mariadb", m.jdbcUrl("demo"), m.user(), m.password());
      }

      Path file = Files.createTempDirectory("dbscope-demo-").resolve("dbscope-demo.toml");
      Files.writeString(file, DemoConfig.toml(options.port(), pg, redis, maria));
      EngineCatalog engines = Engines.catalog();
      Optional<LoadedConfig> loaded = ConfigSupport.load(file, engines, err);
      if (loaded.isEmpty()) {
        closeAll(resources);
        return Optional.empty();
      }
      RunCommand.Running running = RunCommand.start(file, loaded.get(), engines);
      resources.push(running);
      return Optional.of(new Demo(resources, file, running.http().port()));
    } catch (IOException | SQLException | RuntimeException e) {
      closeAll(resources);
      throw e;
    }
  }

  /** MariaDB when Debian's server is installed; without it the demo runs on, and says why. */
  private static Optional<MariaDbFixture> mariadb(PrintWriter out) {
    try {
      return Optional.of(MariaDbFixture.builder().start());
    } catch (FixtureException e) {
      out.println("MariaDB not started (" + e.getMessage().lines().findFirst().orElse("") + ")");
      return Optional.empty();
    }
  }

  /** The port dbscope listens on (the one asked for, or the one given for port 0). */
  public int port() {
    return port;
  }

  /** The config written for the demo's databases. */
  public Path configFile() {
    return configFile;
  }

  @Override
  public void close() {
    closeAll(resources);
  }

  private static void closeAll(Deque<AutoCloseable> resources) {
    // The workload stops before its databases, so that it does not log their shutdown as an error.
    while (!resources.isEmpty()) {
      try {
        resources.pop().close();
      } catch (Exception e) {
        // Best effort on the way out: the next resource must still be closed.
      }
    }
  }
}
