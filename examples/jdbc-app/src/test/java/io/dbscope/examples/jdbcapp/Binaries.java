package io.dbscope.examples.jdbcapp;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * promtool and prometheus from the Debian package {@code prometheus}, on the PATH or in /usr/bin.
 * Missing is a failure, never a skip, as for the deploy assets' tests.
 */
final class Binaries {
  static final Path EXAMPLE = Path.of("").toAbsolutePath();

  private Binaries() {}

  static Path find(String name) {
    List<String> dirs = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      dirs.addAll(List.of(path.split(File.pathSeparator)));
    }
    dirs.addAll(List.of("/usr/bin", "/usr/sbin"));
    return dirs.stream()
        .filter(d -> !d.isEmpty())
        .map(d -> Path.of(d, name))
        .filter(Files::isExecutable)
        .findFirst()
        .orElseGet(
            () ->
                fail(
                    name
                        + " is not installed: install the Debian package prometheus"
                        + " (apt-get install prometheus; its service need not run)"));
  }

  /** Runs a command in {@code dir}; its exit code and output. */
  static Result run(Path dir, List<String> command) throws IOException, InterruptedException {
    Path log = Files.createTempFile("dbscope-example", ".log");
    try {
      Process p =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!p.waitFor(2, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        return new Result(-1, "timed out: " + command);
      }
      return new Result(p.exitValue(), Files.readString(log));
    } finally {
      Files.deleteIfExists(log);
    }
  }

  record Result(int exit, String output) {}
}
