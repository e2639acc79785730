package io.dbscope.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.server.docs.MetricsReference;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/metrics.md is generated from the definitions; this fails when the committed file drifts. */
class MetricsReferenceTest {
  private static final Path DOC = Path.of("..", "docs", "metrics.md");

  @Test
  void committedReferenceMatchesTheDefinitions() throws Exception {
    String generated = MetricsReference.render(Engines.catalog());
    if (Boolean.getBoolean("dbscope.updateDocs")) {
      Files.createDirectories(DOC.getParent());
      Files.writeString(DOC, generated);
    }
    assertThat(DOC).as("docs/metrics.md exists").exists();
    assertThat(Files.readString(DOC))
        .as("docs/metrics.md is stale: regenerate with -Ddbscope.updateDocs=true (see its header)")
        .isEqualTo(generated);
  }
}
