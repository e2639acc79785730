package io.dbscope.server.cluster;

import io.dbscope.testkit.FreePort;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A dbscope started as a separate process from the test's own class path ({@code java -cp …
 * io.dbscope.server.Main run --config …}), listening on a free port that the config reads from
 * {@code ${DBSCOPE_PORT}}; killed at close if still running.
 */
final class DbscopeProcess implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path log;

  private DbscopeProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  static DbscopeProcess start(Path config, Path dir) {
    int port = FreePort.find();
    Path log = dir.resolve("dbscope-" + port + ".log");
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                java,
                "-Xmx192m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Xshare:auto",
                "-cp",
                System.getProperty("java.class.path"),
                "io.dbscope.server.Main",
                "run",
                "--config",
                config.toString()));
    ProcessBuilder b =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    b.environment().put("DBSCOPE_PORT", Integer.toString(port));
    try {
      return new DbscopeProcess(b.start(), port, log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return port;
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  /** Waits until it listens. */
  void awaitListening(Duration timeout) {
    if (!FreePort.awaitListening(port, timeout, process)) {
      throw new IllegalStateException("dbscope on " + port + " did not start:\n" + logTail());
    }
  }

  void signal(String signal) {
    try {
      new ProcessBuilder("kill", "-" + signal, Long.toString(pid())).start().waitFor();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** SIGTERM: the shutdown hook leaves the cluster gracefully. */
  void stopGracefully() throws InterruptedException {
    process.destroy();
    process.waitFor(15, TimeUnit.SECONDS);
  }

  String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      signal("CONT");
      process.destroyForcibly();
    }
  }
}
