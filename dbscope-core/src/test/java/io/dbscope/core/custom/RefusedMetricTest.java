package io.dbscope.core.custom;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.DatasourceConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bad metric is refused alone and the honest ones beside it run; only a problem that concerns no
 * single metric leaves the whole file out. The guard here refuses every query that mentions {@code
 * evil}, so the tests need no SQL parser.
 */
class RefusedMetricTest {
  @TempDir Path dir;

  private final TestEngine engine =
      new TestEngine(
          "postgres",
          allowed ->
              (query, unchecked) ->
                  query.contains("evil")
                      ? QueryGuard.Verdict.refuse("evil is not allowed", 1, 8)
                      : QueryGuard.Verdict.accept(true));
  private final CustomFiles files = new CustomFiles(new CustomMetricsLoader(false));

  private CustomSet resolve(Path... paths) {
    return files.resolve(
        DatasourceConfig.builder("a", "postgres").customMetricsFiles(List.of(paths)).build(),
        engine);
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  @Test
  void aRefusedQueryTakesOnlyItsOwnMetricOut() throws IOException {
    Path f =
        write(
            "seed.toml",
            """
            [[metric]]
            context = "honest"
            request = "SELECT 1 AS v"
            metricsdesc = { v = "Fine." }

            [[metric]]
            context = "bad"
            request = "SELECT evil('secret-literal') AS v"
            metricsdesc = { v = "Refused." }

            [[metric]]
            context = "also_honest"
            request = "SELECT 2 AS w"
            metricsdesc = { w = "Fine too." }
            """);

    CustomSet set = resolve(f);

    assertThat(set.metrics())
        .extracting(CustomMetric::id)
        .containsExactly("custom:honest", "custom:also_honest");
    FileStatus status = set.files().getFirst();
    assertThat(status.loaded()).isTrue();
    assertThat(status.clean()).isFalse();
    assertThat(status.refused())
        .singleElement()
        .hasToString(
            f
                + ":8: metric bad: request: refused:"
                + " evil is not allowed (query line 1, column 8)");
    assertThat(status.refused().getFirst().toString()).doesNotContain("secret-literal");
    assertThat(set.problems()).hasSize(1);
  }

  @Test
  void everyProblemOfOneMetricIsOneRefusal() throws IOException {
    Path f =
        write(
            "two.yaml",
            """
            - id: custom:bad
              help: Two problems.
              query: SELECT evil() AS v
              maxRows: 0
              columns: {v: {usage: gauge, name: bad_v, help: V.}}
            - id: custom:good
              help: Fine.
              query: SELECT 1 AS v
              columns: {v: {usage: gauge, name: good_v, help: V.}}
            """);

    CustomSet set = resolve(f);

    assertThat(set.metrics()).extracting(CustomMetric::id).containsExactly("custom:good");
    assertThat(set.files().getFirst().refused())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.name()).isEqualTo("custom:bad");
              assertThat(r.problems()).hasSize(2);
              assertThat(r.reason()).contains("maxRows").contains("evil is not allowed");
            });
  }

  @Test
  void problemsOfNoSingleMetricLeaveTheFileOutWhole() throws IOException {
    Path syntax = write("syntax.toml", "[[metric]\ncontext = \"x\"\n");
    Path unknownKey =
        write(
            "key.toml",
            "[[metrics]]\ncontext = \"typo\"\n\n"
                + "[[metric]]\ncontext = \"fine\"\nrequest = \"SELECT 1 AS v\"\n"
                + "metricsdesc = { v = \"V.\" }\n");
    Path format = write("notes.txt", "SELECT 1");
    Path badDisable =
        write(
            "d.yaml",
            """
            disable: [pg_nothing]
            definitions:
              - {id: custom:fine, help: F., query: SELECT 1 AS v, columns: {v: {usage: gauge, name: fine_v, help: V.}}}
            """);

    CustomSet set = resolve(syntax, unknownKey, format, badDisable);

    assertThat(set.metrics()).isEmpty();
    assertThat(set.files()).extracting(FileStatus::loaded).containsOnly(false);
    assertThat(set.files()).allSatisfy(s -> assertThat(s.refused()).isEmpty());
    assertThat(set.files().get(1).metrics())
        .as("fine itself, listed as skipped by check")
        .extracting(CustomMetric::id)
        .containsExactly("custom:fine");
  }

  @Test
  void ofTwoMetricsOfOneNameAcrossFilesTheLaterIsRefused() throws IOException {
    Path first = write("first.toml", toml("dup", "v"));
    Path second = write("second.toml", toml("dup", "w") + toml("other", "v"));

    CustomSet set = resolve(first, second);

    assertThat(set.metrics())
        .extracting(m -> m.file().getFileName() + ":" + m.id())
        .containsExactly("first.toml:custom:dup", "second.toml:custom:other");
    assertThat(set.files().get(1).refused())
        .singleElement()
        .hasToString(
            second + ":1: metric dup: collector id custom:dup is also defined at " + first + ":1");
  }

  @Test
  void aRefusedMetricTakesNoNameFromTheMetricsAfterIt() throws IOException {
    Path f =
        write(
            "names.yaml",
            """
            - {id: custom:a, help: A., query: SELECT 1 AS v, columns: {v: {usage: gauge, name: pg_up, help: V.}, w: {usage: gauge, name: shared_w, help: W.}}}
            - {id: custom:b, help: B., query: SELECT 1 AS w, columns: {w: {usage: gauge, name: shared_w, help: W.}}}
            """);

    CustomSet set = resolve(f);

    assertThat(set.metrics()).extracting(CustomMetric::id).containsExactly("custom:b");
    assertThat(set.files().getFirst().refused())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.collector()).isEqualTo("custom:a");
              assertThat(r.metricNames()).containsExactly("pg_up", "shared_w");
              assertThat(r.reason()).contains("pg_up is already exported by the engine's up");
            });
  }

  private static String toml(String context, String column) {
    return "[[metric]]\ncontext = \""
        + context
        + "\"\nrequest = \"SELECT 1 AS "
        + column
        + "\"\nmetricsdesc = { "
        + column
        + " = \"Help.\" }\n";
  }
}
