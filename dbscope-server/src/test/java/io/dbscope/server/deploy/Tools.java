package io.dbscope.server.deploy;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds and runs the command-line tools the deploy assets are checked with ({@code promtool} from
 * the Debian package {@code prometheus}, {@code systemd-analyze}). The output is kept so that a
 * failing assertion can show what the tool said.
 */
final class Tools {
  /** The repository's deploy/ directory, seen from the server module (Maven's working dir). */
  static final Path DEPLOY = Path.of("..", "deploy").toAbsolutePath().normalize();

  private Tools() {}

  /** What a tool printed (stdout and stderr together) and how it exited. */
  record Result(List<String> command, int exitCode, String output) {
    String describe() {
      return String.join(" ", command) + " exited with " + exitCode + ":\n" + output;
    }
  }

  /**
   * The promtool binary. Missing promtool is a failure, never a skip: the rules would otherwise
   * ship untested.
   */
  static Path promtool() {
    return find("promtool")
        .orElseGet(
            () -> {
              String where = "true".equals(System.getenv("CI")) ? "CI=true: " : "";
              return fail(
                  where
                      + "promtool is not installed: install the Debian package prometheus"
                      + " (apt-get install prometheus; its service need not run)");
            });
  }

  /**
   * The prometheus server binary, for tests that run a real Prometheus. Missing is a failure, never
   * a skip, as for {@link #promtool()}.
   */
  static Path prometheus() {
    return find("prometheus")
        .orElseGet(
            () ->
                fail(
                    "prometheus is not installed: install the Debian package prometheus"
                        + " (apt-get install prometheus; its service need not run)"));
  }

  /** A binary on the PATH (or in /usr/bin, /usr/sbin), if there is one. */
  static Optional<Path> find(String name) {
    List<String> dirs = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      dirs.addAll(List.of(path.split(File.pathSeparator)));
    }
    dirs.addAll(List.of("/usr/bin", "/usr/sbin", "/bin"));
    return dirs.stream()
        .filter(d -> !d.isEmpty())
        .map(d -> Path.of(d, name))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /** Runs a command in {@code dir} and waits up to two minutes for it. */
  static Result run(Path dir, List<String> command) {
    try {
      Path log = Files.createTempFile("dbscope-tool", ".log");
      try {
        Process p =
            new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
          p.destroyForcibly();
          return fail(String.join(" ", command) + " did not finish within 2 minutes");
        }
        return new Result(command, p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(log);
      }
    } catch (IOException e) {
      return fail("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail("interrupted while running " + String.join(" ", command), e);
    }
  }

  /** Files of a directory whose names end with {@code suffix}, sorted. */
  static List<Path> files(Path dir, String suffix) {
    try (var s = Files.list(dir)) {
      return s.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
    } catch (IOException e) {
      return fail("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }
}
