package io.dbscope.engine.postgres;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The oldest supported major's binaries jar, as the build copied it (system property {@code
 * dbscope.pg.oldest.binaries}, set by this module's pom).
 */
final class OldestBinaries {
  private OldestBinaries() {}

  static Path jar() {
    String property = System.getProperty("dbscope.pg.oldest.binaries");
    if (property == null) {
      throw new IllegalStateException(
          "system property dbscope.pg.oldest.binaries is not set; run the tests through Maven");
    }
    Path jar = Path.of(property);
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "PostgreSQL 13 binaries not found at "
              + jar
              + "; the build copies them in generate-test-resources");
    }
    return jar;
  }
}
