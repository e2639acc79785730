package io.dbscope.core.custom;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.definition.Definition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resolving files per datasource: shared files read once, overrides, disables, collisions. */
class CustomFilesTest {
  @TempDir Path dir;

  private final TestEngine engine = TestEngine.postgres();
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

  private static String toml(String context, String column) {
    return "[[metric]]\ncontext = \""
        + context
        + "\"\nrequest = \"SELECT 1 AS "
        + column
        + "\"\nmetricsdesc = { "
        + column
        + " = \"Help.\" }\n";
  }

  @Test
  void aFileSharedByDatasourcesIsReadOnce() throws IOException {
    Path f = write("shared/m.toml", toml("queue", "depth"));
    Path sameFile = dir.resolve("shared/../shared/m.toml");

    CustomSet a = files.resolve(ds("a", Map.of(), f), engine);
    CustomSet b = files.resolve(ds("b", Map.of(), sameFile), engine);

    assertThat(files.filesRead()).isEqualTo(1);
    assertThat(b.metrics().getFirst()).isSameAs(a.metrics().getFirst());
    assertThat(b.files())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.loaded()).isTrue();
              assertThat(s.file()).isEqualTo(sameFile);
            });
  }

  @Test
  void aFileIsCheckedOncePerEngineOfTheDatasourcesThatListIt() throws IOException {
    Path f =
        write(
            "size.toml",
            "[[metric]]\ncontext = \"size\"\nrequest = \"SELECT pg_database_size('x') AS v\"\n"
                + "metricsdesc = { v = \"Help.\" }\n");
    TestEngine mysql =
        new TestEngine("mysql", allowed -> QueryGuard.refusingAll("mysql refuses this one"));

    CustomSet pg = files.resolve(ds("pg", Map.of(), f), engine);
    CustomSet pg2 = files.resolve(ds("pg2", Map.of(), f), engine);
    CustomSet my =
        files.resolve(
            DatasourceConfig.builder("my", "mysql").customMetricsFiles(List.of(f)).build(), mysql);

    assertThat(pg.files().getFirst().loaded()).isTrue();
    assertThat(pg2.metrics().getFirst()).isSameAs(pg.metrics().getFirst());
    assertThat(my.metrics()).isEmpty();
    assertThat(my.files().getFirst().refused())
        .singleElement()
        .satisfies(r -> assertThat(r.name()).isEqualTo("size"));
    assertThat(my.files().getFirst().problems())
        .singleElement()
        .asString()
        .contains("mysql refuses this one");
    assertThat(files.filesRead()).isEqualTo(2);
  }

  @Test
  void twoDatasourcesWithDifferentFilesGetTheirOwnCollectors() throws IOException {
    Path fa = write("a.toml", toml("alpha", "v"));
    Path fb = write("b.toml", toml("beta", "v"));

    assertThat(files.resolve(ds("a", Map.of(), fa), engine).metrics())
        .extracting(CustomMetric::id)
        .containsExactly("custom:alpha");
    assertThat(files.resolve(ds("b", Map.of(), fb), engine).metrics())
        .extracting(CustomMetric::id)
        .containsExactly("custom:beta");
  }

  @Test
  void overridesReplaceInPlaceDisabledBuiltInsGoAndNewCollectorsComeLast() throws IOException {
    Path yaml =
        write(
            "defs.yaml",
            """
            disable: [pg_settings]
            definitions:
              - id: pg_stat_database
                override: true
                help: Mine.
                query: SELECT datname, xact_commit FROM pg_stat_database
                columns:
                  datname: label
                  xact_commit: {usage: counter, name: pg_stat_database_xact_commit, help: Commits.}
              - id: custom:x
                help: X.
                query: SELECT 1 AS v
                columns: {v: {usage: gauge, name: x_v, help: V.}}
            """);
    Path toml = write("y.toml", toml("y", "v"));

    CustomSet set = files.resolve(ds("a", Map.of(), yaml, toml), engine);
    List<Definition> plan = set.merge(engine.definitions());

    assertThat(set.problems()).isEmpty();
    assertThat(plan)
        .extracting(Definition::id)
        .containsExactly("pg_stat_database", "custom:x", "custom:y");
    Definition replaced = plan.getFirst();
    assertThat(replaced.help()).isEqualTo("Mine.");
    assertThat(replaced.group()).as("an override keeps the built-in's group").isEqualTo("database");
    assertThat(replaced.limits().guarded()).isTrue();
    assertThat(plan.get(1).group()).isEqualTo("custom");
    assertThat(set.disabled()).containsExactly("pg_settings");
  }

  @Test
  void checksThatDependOnTheDatasourceRefuseTheMetricTheyAreFoundIn() throws IOException {
    Path unknownOverride =
        write(
            "o.yaml",
            "- {id: pg_nothing, override: true, help: N., query: SELECT 1 AS v, columns: {v:"
                + " {usage: gauge, name: n_v, help: V.}}}\n");
    Path hiddenOverride =
        write(
            "h.yaml",
            "- {id: pg_settings, help: S., query: SELECT 1 AS v, columns: {v: {usage: gauge, name:"
                + " s_v, help: V.}}}\n");
    Path labelClash =
        write(
            "l.toml",
            "[[metric]]\n"
                + "context = \"l\"\n"
                + "labels = [\"env\"]\n"
                + "request = \"SELECT 'x' AS env, 1 AS v\"\n"
                + "metricsdesc = { v = \"V.\" }\n");
    Path builtinName = write("n.toml", toml("pg_stat_database", "xact_commit"));
    Path upName = write("u.toml", toml("pg", "up"));
    Path badDisable = write("d.yaml", "disable: [pg_nothing]\n");
    Path first = write("first.toml", toml("dup", "v"));
    Path second = write("second.toml", toml("dup", "w"));

    CustomSet set =
        files.resolve(
            ds(
                "a",
                Map.of("env", "prod"),
                unknownOverride,
                hiddenOverride,
                labelClash,
                builtinName,
                upName,
                badDisable,
                first,
                second),
            engine);

    assertThat(set.files())
        .as("only the disable list, which concerns no single metric, leaves its file out")
        .extracting(FileStatus::loaded)
        .containsExactly(true, true, true, true, true, false, true, true);
    assertThat(set.files())
        .extracting(f -> f.refused().stream().map(RefusedMetric::name).toList())
        .containsExactly(
            List.of("pg_nothing"),
            List.of("pg_settings"),
            List.of("l"),
            List.of("pg_stat_database"),
            List.of("pg"),
            List.of(),
            List.of(),
            List.of("dup"));
    assertThat(set.problems().stream().map(Problem::toString))
        .containsExactly(
            unknownOverride
                + ":1: metric pg_nothing: override: engine postgres has no built-in collector"
                + " pg_nothing",
            hiddenOverride
                + ":1: metric pg_settings: id: pg_settings is a built-in collector of engine"
                + " postgres; add override: true to replace it",
            labelClash
                + ":1: metric l: label env is also a label of datasource a; rename the column",
            builtinName
                + ":1: metric pg_stat_database: metric name pg_stat_database_xact_commit is"
                + " already exported by built-in collector pg_stat_database",
            upName
                + ":1: metric pg: metric name pg_up is already exported by the engine's up metric",
            badDisable + ": disable: engine postgres has no built-in collector pg_nothing",
            second + ":1: metric dup: collector id custom:dup is also defined at " + first + ":1");
    assertThat(set.metrics()).extracting(CustomMetric::id).containsExactly("custom:dup");
  }

  @Test
  void disablingABuiltInFreesItsMetricNames() throws IOException {
    Path f =
        write(
            "free.yaml",
            """
            disable: [pg_stat_database]
            definitions:
              - id: mine
                help: Mine.
                query: SELECT 1 AS xact_commit
                columns: {xact_commit: {usage: counter, name: pg_stat_database_xact_commit, help: C.}}
            """);

    assertThat(files.resolve(ds("a", Map.of(), f), engine).problems()).isEmpty();
  }

  @Test
  void nothingIsReadWhenTheSwitchIsOff() throws IOException {
    Path f = write("m.toml", toml("q", "v"));
    DatasourceConfig off =
        DatasourceConfig.builder("a", "postgres")
            .registerCustomMetrics(false)
            .customMetricsFiles(List.of(f))
            .build();

    assertThat(files.resolve(off, engine)).isSameAs(CustomSet.EMPTY);
    assertThat(files.filesRead()).isZero();
  }
}
