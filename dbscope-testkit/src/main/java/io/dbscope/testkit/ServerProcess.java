package io.dbscope.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A database server run as a child process in its own temp directory; stopped and deleted on {@link
 * #close()}, and killed by a shutdown hook if the JVM exits first.
 */
final class ServerProcess implements AutoCloseable {
  private final Process process;
  private final Path dir;
  private final Path log;
  private final Thread hook;

  private ServerProcess(Process process, Path dir, Path log) {
    this.process = process;
    this.dir = dir;
    this.log = log;
    this.hook = new Thread(process::destroyForcibly, "fixture-reaper");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  static ServerProcess start(
      List<String> command, Path dir, int port, Duration timeout, String what) {
    Path log = dir.resolve("server.log");
    Process p;
    try {
      p =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
    } catch (IOException e) {
      throw new FixtureException("cannot start " + what + ": " + e.getMessage(), e);
    }
    ServerProcess sp = new ServerProcess(p, dir, log);
    if (!FreePort.awaitListening(port, timeout, p)) {
      String out = sp.logTail();
      sp.close();
      throw new FixtureException(what + " did not start listening on port " + port + ":\n" + out);
    }
    return sp;
  }

  Path dir() {
    return dir;
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** Stops the server (SIGTERM, then SIGKILL) and keeps the directory, for restart tests. */
  void stop() {
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down; the hook runs anyway.
    }
    deleteTree(dir);
  }

  static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A leftover temp dir is harmless.
    }
  }

  static Path tempDir(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new FixtureException("cannot create a temp dir: " + e.getMessage(), e);
    }
  }

  static Path requireBinary(String what, String debianPackage, String... candidates) {
    for (String c : candidates) {
      Path p = Path.of(c);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    throw new FixtureException(
        what
            + " is not installed (looked for "
            + String.join(", ", candidates)
            + "): install the Debian package '"
            + debianPackage
            + "' (scripts/test.sh does this)");
  }
}
