package io.dbscope.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.ConfigDocs;
import io.dbscope.core.config.ConfigKeys;
import io.dbscope.core.engine.EngineCatalog;
import io.dbscope.server.Engines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md's key tables must be what {@link ConfigDocs} generates from {@link
 * ConfigKeys} and the option tables of this build's engines. To regenerate after changing a key:
 * {@code ./mvnw -pl dbscope-server -am test -Dtest=ConfigDocsTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Ddbscope.updateDocs=true}.
 */
class ConfigDocsTest {
  private static final EngineCatalog ENGINES = Engines.catalog();

  private static final Path DOC =
      Path.of("").toAbsolutePath().getParent().resolve("docs/configuration.md");

  @Test
  void committedKeyTablesMatchConfigKeys() throws IOException {
    String committed = Files.readString(DOC);
    String generated = ConfigDocs.render(committed, ENGINES);
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
    String tables = ConfigDocs.keyTables(ENGINES);

    assertThat(ConfigKeys.all())
        .allSatisfy(
            k ->
                assertThat(tables)
                    .contains("| `" + k.name() + "` |")
                    .contains(k.required() ? "**required**" : "`" + k.defaultValue() + "`"));
    assertThat(tables)
        .contains("| `allowedFunctions` |", "| `statementScope` |")
        .contains("Inside a `[[datasource]]` entry of engines `postgres`, `mysql`, `dameng`.");
  }
}
