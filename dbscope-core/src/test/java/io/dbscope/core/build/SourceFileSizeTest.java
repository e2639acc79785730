package io.dbscope.core.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No main source file of any module is over {@value #MAX_LINES} lines: a class that long does
 * several jobs, and splitting it later costs more than keeping it small now. Test code is exempt.
 */
class SourceFileSizeTest {
  private static final int MAX_LINES = 400;

  /** Surefire runs in the module's directory; the repository is its parent. */
  private static final Path REPO = Path.of("").toAbsolutePath().getParent();

  @Test
  void noMainSourceFileIsOver400Lines() throws IOException {
    List<Path> sources = mainSources();

    assertThat(sources).as("main sources found under %s", REPO).isNotEmpty();
    assertThat(sources.stream().filter(p -> lines(p) > MAX_LINES).map(this::describe))
        .as("main source files over %d lines; split them by job", MAX_LINES)
        .isEmpty();
  }

  private static List<Path> mainSources() throws IOException {
    try (Stream<Path> all = Files.walk(REPO)) {
      return all.filter(p -> p.toString().endsWith(".java"))
          .filter(p -> REPO.relativize(p).toString().replace('\\', '/').contains("/src/main/java/"))
          .filter(p -> !REPO.relativize(p).startsWith(".git"))
          .sorted()
          .toList();
    }
  }

  private String describe(Path p) {
    return REPO.relativize(p) + " (" + lines(p) + " lines)";
  }

  private static long lines(Path p) {
    try (Stream<String> s = Files.lines(p)) {
      return s.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
