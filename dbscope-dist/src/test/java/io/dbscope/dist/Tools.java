package io.dbscope.dist;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** External programs for the package tests: found on PATH, run with a deadline, output kept. */
final class Tools {
  static final Path REPO =
      Path.of(System.getProperty("dbscope.repo", "..")).toAbsolutePath().normalize();
  private static final long DEADLINE_SECONDS = 120;

  private Tools() {}

  /** The program's path when it is on this process's PATH. */
  static Optional<Path> find(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** Runs with this process's environment. */
  static Result run(List<String> command) throws IOException, InterruptedException {
    return run(command, null);
  }

  /** Runs with exactly {@code env} as the environment (null: this process's). */
  static Result run(List<String> command, Map<String, String> env)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("dbscope-dist-", ".out");
    try {
      Process p = start(command, env, out);
      if (!p.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
        throw new AssertionError(
            "no answer in "
                + DEADLINE_SECONDS
                + " s from "
                + command
                + ": "
                + Files.readString(out));
      }
      return new Result(command, p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
    }
  }

  /** Starts with exactly {@code env} (null: this process's), stdout and stderr into {@code log}. */
  static Process start(List<String> command, Map<String, String> env, Path log) {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    if (env != null) {
      pb.environment().clear();
      pb.environment().putAll(env);
    }
    try {
      return pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
  }

  record Result(List<String> command, int exitCode, String output) {
    String describe() {
      return String.join(" ", command) + " -> exit " + exitCode + ":\n" + output;
    }
  }
}
