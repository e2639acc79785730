package io.dbscope.core.custom;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.EngineOptions;
import io.dbscope.core.definition.Column;
import io.dbscope.core.definition.Definition;
import io.dbscope.core.definition.Mapping;
import io.dbscope.engine.sql.guard.GuardOptions;
import io.dbscope.sql.SqlDialect;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading both custom metric formats, and every problem reported with file, line and metric. */
class CustomMetricsLoaderTest {
  @TempDir Path dir;

  private static final TestEngine NEUTRAL = SqlTestEngines.of(SqlDialect.NEUTRAL);
  private static final TestEngine POSTGRES = SqlTestEngines.of(SqlDialect.POSTGRES);
  private static final TestEngine MYSQL = SqlTestEngines.of(SqlDialect.MYSQL);

  private final CustomMetricsLoader loader = new CustomMetricsLoader(false);

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  private List<String> problems(ParsedFile f) {
    return f.problems().stream().map(Problem::toString).toList();
  }

  @Test
  void readsTheSeedTomlFormat() throws IOException {
    Path f =
        write(
            "m.toml",
            """
            # sessions per state
            [[metric]]
            context = "sessions"
            labels = ["State"]
            request = \"\"\"
            SELECT state, count(*) AS total
            FROM pg_stat_activity GROUP BY state\"\"\"
            metricsdesc = { total = "Sessions by state." }

            [[metric]]
            context = "My-App.Queue"
            request = "SELECT 1 AS Depth, 2 AS done"
            metricsdesc = { Depth = "Queue depth.", done = "Done." }
            metricstype = { done = "counter" }
            ignorezeroresult = true
            timeout = "2s"
            ttl = 30
            maxRows = 5
            maxSeries = 7
            """);

    ParsedFile parsed = loader.load(f, NEUTRAL);

    assertThat(problems(parsed)).isEmpty();
    assertThat(parsed.metrics()).hasSize(2);
    CustomMetric sessions = parsed.metrics().get(0);
    assertThat(sessions.id()).isEqualTo("custom:sessions");
    assertThat(sessions.name()).isEqualTo("sessions");
    assertThat(sessions.origin()).isEqualTo(f + ":2");
    assertThat(sessions.metricNames()).containsExactly("sessions_total");
    assertThat(sessions.labelNames()).containsExactly("state");
    assertThat(sessions.ignoreZeroResult()).isFalse();
    assertThat(sessions.strictValues()).isTrue();
    assertThat(sessions.unchecked()).isFalse();
    Definition d = sessions.definition();
    assertThat(d.query())
        .isEqualTo("SELECT state, count(*) AS total\nFROM pg_stat_activity GROUP BY state");
    assertThat(d.group()).isEqualTo("custom");
    assertThat(d.limits()).isEqualTo(new Definition.Limits(true, 100, 1000));
    assertThat(d.timeout()).isEqualTo(CustomMetricsLoader.NO_TIMEOUT);
    assertThat(d.ttl()).isZero();
    assertThat(((Mapping.Columns) d.mapping()).columns())
        .extracting(Column::column, Column::usage)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("state", Column.Usage.LABEL),
            org.assertj.core.groups.Tuple.tuple("total", Column.Usage.GAUGE));

    CustomMetric queue = parsed.metrics().get(1);
    assertThat(queue.id()).isEqualTo("custom:my_app_queue");
    assertThat(queue.metricNames()).containsExactly("my_app_queue_depth", "my_app_queue_done");
    assertThat(((Mapping.Columns) queue.definition().mapping()).columns())
        .extracting(Column::usage)
        .containsExactly(Column.Usage.GAUGE, Column.Usage.COUNTER);
    assertThat(queue.ignoreZeroResult()).isTrue();
    assertThat(queue.definition().timeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(queue.definition().ttl()).isEqualTo(Duration.ofSeconds(30));
    assertThat(queue.definition().limits()).isEqualTo(new Definition.Limits(true, 5, 7));
  }

  @Test
  void namesAreSanitized() throws IOException {
    Path f =
        write(
            "names.toml",
            """
            [[metric]]
            context = "9 Lives"
            request = "SELECT 1 AS \\"Hit%\\""
            metricsdesc = { "Hit%" = "Hits." }
            """);

    CustomMetric m = loader.load(f, NEUTRAL).metrics().getFirst();

    assertThat(m.id()).isEqualTo("custom:_9_lives");
    assertThat(m.metricNames()).containsExactly("_9_lives_hit_");
  }

  @Test
  void everyProblemOfATomlFileIsReportedWithLineAndMetric() throws IOException {
    Path f =
        write(
            "bad.toml",
            """
            [[metric]]
            context = "bad"
            labels = ["datasource", "state"]
            request = \"\"\"
            SELECT state,
                   pg_read_file('/etc/passwd') AS total
            FROM t\"\"\"
            metricsdesc = { total = "Total.", state = "State." }
            metricstype = { total = "histogram", other = "gauge" }
            maxRows = 0
            colour = "red"

            [[metric]]
            request = "SELECT 1 AS x"
            metricsdesc = { x = "X." }

            [[metric]]
            context = "nodesc"
            request = "SELECT 1 AS x"

            [[metric]]
            context = "parse"
            request = "SELECT x FROM"
            metricsdesc = { x = "X." }

            [[metric]]
            context = "nodesc"
            request = "SELECT 1 AS x"
            metricsdesc = { x = "X." }
            """);

    ParsedFile parsed = loader.load(f, NEUTRAL);

    assertThat(problems(parsed))
        .containsExactly(
            f
                + ":11: metric bad: colour: unknown key (known: context, labels, request,"
                + " metricsdesc, metricstype, ignorezeroresult, timeout, ttl, maxRows, maxSeries,"
                + " unchecked)",
            f
                + ":3: metric bad: labels: 'datasource' cannot be a label name (dbscope sets"
                + " datasource)",
            f
                + ":9: metric bad: metricstype.total: must be gauge, counter or untyped, not"
                + " 'histogram' (histograms are not supported)",
            f + ":8: metric bad: metricsdesc.state: a column cannot be both a label and a value",
            f + ":9: metric bad: metricstype.other: not a column of metricsdesc",
            f + ":10: metric bad: maxRows: must be a whole number from 1 to 10000, not 0",
            f
                + ":6: metric bad: request: refused: function pg_read_file reads, lists or writes"
                + " files on the database server (query line 2, column 8)",
            f + ":13: metric #13: context: required, a non-empty string",
            f
                + ":17: metric nodesc: metricsdesc: required, a table of value column = \"help"
                + " text\"",
            f
                + ":23: metric parse: request: refused: the parser cannot read the query at line 1,"
                + " column 10, near \"FROM\"; to run it anyway, mark it unchecked (needs"
                + " allowUncheckedQueries = true)",
            f
                + ":27: metric nodesc: context: 'nodesc' gives the same collector id as the metric"
                + " at line 17");
    assertThat(parsed.ok()).isFalse();
  }

  @Test
  void aTomlSyntaxErrorNamesItsLine() throws IOException {
    Path f = write("syntax.toml", "[[metric]]\ncontext = \"a\"\nrequest = SELECT 1\n");

    assertThat(problems(loader.load(f, NEUTRAL)))
        .singleElement()
        .asString()
        .startsWith(f + ":3: TOML syntax: ");
  }

  @Test
  void uncheckedNeedsTheGlobalSwitch() throws IOException {
    Path f =
        write(
            "unchecked.toml",
            """
            [[metric]]
            context = "soundex"
            request = "SELECT count(*) AS n FROM t WHERE name SOUNDS LIKE 'smith'"
            metricsdesc = { n = "Smiths." }
            unchecked = true
            """);

    assertThat(problems(loader.load(f, NEUTRAL)))
        .containsExactly(
            f
                + ":5: metric soundex: unchecked: needs allowUncheckedQueries = true in the global"
                + " config");
    CustomMetric m = new CustomMetricsLoader(true).load(f, NEUTRAL).metrics().getFirst();
    assertThat(m.unchecked()).isTrue();
  }

  @Test
  void readsTheYamlSchemaWithOverrideAndDisable() throws IOException {
    Path f =
        write(
            "defs.yaml",
            """
            # custom definitions for postgres
            disable: [pg_settings]
            definitions:
              - id: pg_stat_database
                override: true
                help: Databases, my way.
                query: SELECT datname, xact_commit FROM pg_stat_database WHERE datname = current_database()
                columns:
                  datname: label
                  xact_commit: {usage: counter, name: pg_stat_database_xact_commit, help: Commits.}
                maxRows: 10
              - id: custom:table_count
                help: Tables.
                query: SELECT count(*) AS tables FROM pg_tables
                prefix: app
                columns:
                  tables: {usage: gauge, help: Tables in the database.}
            """);

    ParsedFile parsed = loader.load(f, POSTGRES);

    assertThat(problems(parsed)).isEmpty();
    assertThat(parsed.disable()).containsExactly("pg_settings");
    CustomMetric db = parsed.metrics().get(0);
    assertThat(db.override()).isTrue();
    assertThat(db.inheritGroup()).isTrue();
    assertThat(db.origin()).isEqualTo(f + ":4");
    assertThat(db.definition().limits()).isEqualTo(new Definition.Limits(true, 10, 1000));
    assertThat(db.ignoreZeroResult()).isTrue();
    assertThat(db.strictValues()).isFalse();
    CustomMetric tables = parsed.metrics().get(1);
    assertThat(tables.id()).isEqualTo("custom:table_count");
    assertThat(tables.override()).isFalse();
    assertThat(tables.definition().group()).isEqualTo("custom");
    assertThat(tables.metricNames()).containsExactly("app_tables");
    assertThat(tables.line()).isEqualTo(12);
  }

  @Test
  void aBareYamlListIsAcceptedLikeABuiltInFile() throws IOException {
    Path f =
        write(
            "list.yml",
            """
            - id: one
              help: One.
              query: SELECT 1 AS v
              columns: {v: {usage: gauge, name: one_value, help: Always one.}}
            """);

    assertThat(loader.load(f, NEUTRAL).metrics())
        .extracting(CustomMetric::id)
        .containsExactly("one");
  }

  @Test
  void everyProblemOfAYamlFileIsReportedWithLineAndMetric() throws IOException {
    Path f =
        write(
            "bad.yaml",
            """
            definitions:
              - id: a
                help: A.
                query: SELECT 1 AS v
                columns:
                  v: {usage: gauge}
              - id: b
                help: B.
                query: DELETE FROM t
                columns:
                  v: {usage: gauge, help: V.}
                maxRows: many
              - id: c
                help: C.
                query: SELECT 1 AS v
                colour: red
                columns:
                  v: {usage: gauge, help: V.}
            colour: red
            """);

    List<String> problems = problems(loader.load(f, NEUTRAL));

    assertThat(problems).hasSize(5);
    assertThat(problems.get(0))
        .isEqualTo(f + ":2: metric a: columns.v: help is required for a metric column");
    assertThat(problems.get(1))
        .isEqualTo(
            f + ":7: metric b: maxRows: must be a whole number from 1 to 10000, not \"many\"");
    assertThat(problems.get(2))
        .isEqualTo(
            f
                + ":7: metric b: query: refused: DELETE is not a read statement; only SELECT, WITH"
                + " … SELECT, VALUES, SHOW and TABLE are accepted (query line 1, column 1)");
    assertThat(problems.get(3))
        .startsWith(
            f
                + ":13: metric c: colour: unknown key (known: override, maxRows, maxSeries,"
                + " unchecked, ");
    assertThat(problems.get(4))
        .isEqualTo(f + ":19: colour: unknown key (known: disable, definitions)");
  }

  @Test
  void emptyFilesHoldNoMetrics() throws IOException {
    assertThat(loader.load(write("empty.toml", "# nothing yet\n"), NEUTRAL))
        .satisfies(
            p -> {
              assertThat(p.ok()).isTrue();
              assertThat(p.metrics()).isEmpty();
            });
    assertThat(loader.load(write("empty.yaml", ""), NEUTRAL).metrics()).isEmpty();
  }

  @Test
  void unreadableFilesAreProblemsNotExceptions() throws IOException {
    Path json = write("m.json", "{}");
    Path missing = dir.resolve("missing.toml");

    assertThat(problems(loader.load(json, NEUTRAL)))
        .containsExactly(
            json + ": unknown format: name a custom metrics file *.toml, *.yaml or *.yml");
    assertThat(problems(loader.load(missing, NEUTRAL))).containsExactly(missing + ": no such file");
  }

  @Test
  void whichFunctionsAQueryMayCallDependsOnTheDialect() throws IOException {
    Path f =
        write(
            "sizes.toml",
            """
            [[metric]]
            context = "db"
            request = "SELECT pg_database_size(current_database()) AS bytes"
            metricsdesc = { bytes = "Size." }
            """);

    assertThat(problems(loader.load(f, POSTGRES))).isEmpty();
    assertThat(problems(loader.load(f, MYSQL)))
        .singleElement()
        .asString()
        .contains(
            "metric db: request: refused: function pg_database_size is not an allowed function:"
                + " only functions known to be read-only on MySQL and MariaDB may be called");
    assertThat(problems(loader.load(f, NEUTRAL)))
        .as("an unknown dialect is the strictest")
        .singleElement()
        .asString()
        .contains("function pg_database_size is not an allowed function");
    assertThat(
            problems(
                new CustomMetricsLoader(
                        false,
                        EngineOptions.none()
                            .with(
                                GuardOptions.ALLOWED_FUNCTIONS,
                                List.of("pg_database_size", "current_database")))
                    .load(f, MYSQL)))
        .as("allowed by name in allowedFunctions")
        .isEmpty();
  }
}
