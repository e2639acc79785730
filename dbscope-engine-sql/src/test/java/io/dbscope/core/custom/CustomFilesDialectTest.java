package io.dbscope.core.custom;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.sql.SqlDialect;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resolving a shared file for datasources of two SQL dialects: one reading per dialect. */
class CustomFilesDialectTest {
  @TempDir Path dir;

  private final TestEngine engine = SqlTestEngines.postgres();
  private final CustomFiles files = new CustomFiles(new CustomMetricsLoader(false));

  private Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    return Files.writeString(p, text);
  }

  private static DatasourceConfig ds(String name, Map<String, String> labels, Path... files) {
    return DatasourceConfig.builder(name, "postgres")
        .labels(labels)
        .customMetricsFiles(List.of(files))
        .build();
  }

  @Test
  void aFileIsCheckedOncePerDialectOfTheDatasourcesThatListIt() throws IOException {
    Path f =
        write(
            "size.toml",
            "[[metric]]\ncontext = \"size\"\nrequest = \"SELECT pg_database_size('x') AS v\"\n"
                + "metricsdesc = { v = \"Help.\" }\n");
    TestEngine mysql = SqlTestEngines.of(SqlDialect.MYSQL);

    CustomSet pg = files.resolve(ds("pg", Map.of(), f), engine);
    CustomSet pg2 = files.resolve(ds("pg2", Map.of(), f), engine);
    CustomSet my =
        files.resolve(
            DatasourceConfig.builder("my", "mysql").customMetricsFiles(List.of(f)).build(), mysql);

    assertThat(pg.files().getFirst().clean()).isTrue();
    assertThat(pg2.metrics().getFirst()).isSameAs(pg.metrics().getFirst());
    assertThat(my.metrics()).isEmpty();
    assertThat(my.files().getFirst().refused()).extracting(r -> r.name()).containsExactly("size");
    assertThat(my.files().getFirst().problems())
        .singleElement()
        .asString()
        .contains("function pg_database_size is not an allowed function");
    assertThat(files.filesRead()).isEqualTo(2);
  }
}
