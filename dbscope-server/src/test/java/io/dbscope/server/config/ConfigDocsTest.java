package io.dbscope.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md's key tables must be what {@link ConfigDocs} generates from {@link
 * ConfigKeys}. To regenerate after changing a key: {@code ./mvnw -pl dbscope-core test
 * -Dtest=ConfigDocsTest -Ddbscope.updateDocs=true}.
 */
class ConfigDocsTest {
  private static final Path DOC =
      Path.of("").toAbsolutePath().getParent().resolve("docs/configuration.md");

  @Test
  void committedKeyTablesMatchConfigKeys() throws IOException {
    String committed = Files.readString(DOC);
    String generated = ConfigDocs.render(committed);
    if (Boolean.getBoolean("dbscope.updateDocs")) {
      Files.writeString(DOC, generated);
      committed = generated;
    }

    assertThat(committed)
        .as(
            "docs/configuration.md is out of date; regenerate it with"
                + " -Dtest=ConfigDocsTest -Ddbscope.updateDocs=true")
        .isEqualTo(generated);
  }

  @Test
  void everyKeyHasARowWithItsDefault() {
    String tables = ConfigDocs.keyTables();

    assertThat(ConfigKeys.all())
        .allSatisfy(
            k ->
                assertThat(tables)
                    .contains("| `" + k.name() + "` |")
                    .contains(k.required() ? "**required**" : "`" + k.defaultValue() + "`"));
    assertThat(tables).contains("*Accepted, used from the DM8 engine.*");
  }
}
