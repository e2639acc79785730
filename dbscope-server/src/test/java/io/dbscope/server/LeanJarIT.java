package io.dbscope.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The production jar that {@code ./dbscope run} starts holds no test fixtures, no embedded database
 * and no demo: those live in dbscope-demo.jar. Runs after {@code package} (failsafe), on the shaded
 * jar itself, because a dependency can arrive transitively where no pom names it.
 */
class LeanJarIT {
  /** What belongs to the test kit or the demo, by entry name. */
  private static final Pattern FORBIDDEN =
      Pattern.compile(
          "io/dbscope/testkit/.*" // fixtures
              + "|io/dbscope/demo/.*|io/dbscope/server/demo/.*" // the demo
              + "|io/zonky/.*|META-INF/maven/io\\.zonky\\..*" // embedded PostgreSQL
              + "|.*\\.txz" // its server binaries
              + "|redis/embedded/.*|META-INF/maven/com\\.github\\.codemonstur/.*" // embedded Redis
              + "|(.*/)?redis-server-[^/]*"); // its server binaries

  @Test
  void holdsNoFixturesNoEmbeddedDatabasesAndNoDemo() throws IOException {
    Path jar = Path.of(System.getProperty("dbscope.jar", "target/dbscope.jar"));
    assertThat(jar).as("the shaded jar (run after package)").isRegularFile();
    List<String> forbidden;
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      forbidden =
          zip.stream().map(ZipEntry::getName).filter(n -> FORBIDDEN.matcher(n).matches()).toList();
    }
    assertThat(forbidden)
        .as("entries of %s that belong to the test kit or the demo", jar)
        .isEmpty();
  }
}
