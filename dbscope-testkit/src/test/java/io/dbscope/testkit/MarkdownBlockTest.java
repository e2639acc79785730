package io.dbscope.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MarkdownBlockTest {
  @TempDir Path dir;

  @Test
  void readsTheBlockAfterTheMarkerOnly() throws Exception {
    Path page = dir.resolve("ops.md");
    Files.writeString(
        page,
        """
        ```sql
        SELECT 'not this';
        ```
        <!-- least-privilege: pg -->
        Run:
        ```sql
        CREATE ROLE dbscope;
          GRANT pg_monitor TO dbscope;
        ```
        ```
        after
        ```
        """);
    String marker = "<!-- least-privilege: pg -->";
    assertThat(MarkdownBlock.after(page, marker))
        .isEqualTo("CREATE ROLE dbscope;\n  GRANT pg_monitor TO dbscope;\n");
    assertThat(MarkdownBlock.statementsAfter(page, marker))
        .containsExactly("CREATE ROLE dbscope", "GRANT pg_monitor TO dbscope");
    assertThatThrownBy(() -> MarkdownBlock.after(page, "<!-- least-privilege: db2 -->"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("least-privilege: db2");
  }
}
