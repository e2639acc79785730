package io.dbscope.core.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Definition files as a DBA writes them: what loads, and every problem named by file and line. */
class DefinitionLoaderTest {
  private static InputStream yaml(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> problems(String text) {
    try {
      new DefinitionLoader().load("f.yaml", yaml(text));
    } catch (DefinitionException e) {
      return e.problems();
    }
    throw new AssertionError("expected the file to be refused:\n" + text);
  }

  @Test
  void aFullDefinitionKeepsEveryKey() {
    List<Definition> defs =
        new DefinitionLoader()
            .load(
                "f.yaml",
                yaml(
                    """
                    - id: replication
                      help: "  Replication lag.  "
                      query: "  SELECT lag FROM r  "
                      ttl: 30s
                      timeout: 2
                      cache: big
                      minVersion: "10"
                      maxVersion: "16.2"
                      tags: [replica, "extension:pg_stat_statements"]
                      group: host
                      enabled: false
                      columns:
                        lag: {usage: gauge, help: Lag in seconds.}
                    """));

    assertThat(defs).hasSize(1);
    Definition d = defs.get(0);
    assertThat(d.id()).isEqualTo("replication");
    assertThat(d.help()).isEqualTo("Replication lag.");
    assertThat(d.query()).isEqualTo("SELECT lag FROM r");
    assertThat(d.ttl()).isEqualTo(Duration.ofSeconds(30));
    assertThat(d.timeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(d.cacheClass()).isEqualTo(CacheClass.BIG);
    assertThat(d.versions().toString()).isEqualTo(">= 10, < 16.2");
    assertThat(d.tags()).containsExactlyInAnyOrder("replica", "extension:pg_stat_statements");
    assertThat(d.group()).isEqualTo("host");
    assertThat(d.defaultEnabled()).isFalse();
    assertThat(d.origin()).isEqualTo("f.yaml:1");
  }

  @Test
  void aServerLabelIsALabelName() {
    String ok =
        """
        - id: settings
          serverLabel: server
          query: SELECT 1 AS v
          columns:
            v: {usage: gauge, help: A value.}
        """;
    assertThat(new DefinitionLoader().load("f.yaml", yaml(ok)).get(0).serverLabel())
        .hasValue("server");
    assertThat(
            new DefinitionLoader().load("f.yaml", yaml(ok.replace("  serverLabel: server\n", ""))))
        .singleElement()
        .satisfies(d -> assertThat(d.serverLabel()).isEmpty());
    assertThat(problems(ok.replace("serverLabel: server", "serverLabel: __server")))
        .containsExactly("f.yaml:1 (settings): serverLabel: '__server' is not a label name");
    assertThat(problems(ok.replace("serverLabel: server", "serverLabel: host-port")))
        .containsExactly("f.yaml:1 (settings): serverLabel: 'host-port' is not a label name");
  }

  @Test
  void everyProblemOfAFileIsReportedWithItsLineAndKey() {
    assertThat(
            problems(
                """
                - id: "bad id"
                  query: SELECT 1
                  columns:
                    n: {usage: gauge, help: N.}
                - id: two
                  query: " "
                  ttl: soon
                  cache: huge
                  minVersion: new
                  group: cloud
                  tags: [leader]
                  columns:
                    n: {usage: gauge}
                    "9x": {usage: label}
                    m: {usage: sum, help: M.}
                - id: both
                  query: SELECT 1
                - id: kv
                  query: SHOW STATUS
                  keyValue:
                    prefix: "1bad"
                    unmatchedType: histogram
                    labels: ["__x"]
                    rules:
                      - {match: "(", name: x, help: X.}
                      - {match: "a", name: "bad-name"}
                      - {match: "b", name: b, help: B., labels: {"__y": v}}
                """))
        .containsExactly(
            "f.yaml:1: id: must be letters, digits, '_', ':', '.' or '-'",
            "f.yaml:5 (two): query: must not be empty",
            "f.yaml:5 (two): ttl: " + durationMessage("soon"),
            "f.yaml:5 (two): cache: must be default, big or alarm, not 'huge'",
            "f.yaml:5 (two): minVersion: 'new' is not a version such as \"9.6\"",
            "f.yaml:5 (two): group: must be one of " + groups() + ", not 'cloud'",
            "f.yaml:5 (two): tags: 'leader' is not primary, replica, extension:<name> or option:<key>[|<key>...]",
            "f.yaml:5 (two): columns.n: help is required for a metric column",
            "f.yaml:5 (two): columns.9x: '9x' is not a valid label name",
            "f.yaml:5 (two): columns.m: usage must be label, gauge, counter, untyped,"
                + " histogram_bucket, histogram_sum, histogram_count, summary_quantile, summary_sum, summary_count or discard, not 'sum'",
            "f.yaml:16 (both): exactly one of 'columns' and 'keyValue' must be given",
            "f.yaml:18 (kv): keyValue.prefix: '1bad' is not a valid metric name prefix",
            "f.yaml:18 (kv): keyValue.unmatchedType: must be gauge, counter or untyped, not"
                + " 'histogram'",
            "f.yaml:18 (kv): keyValue.rules[0].match: bad regular expression: Unclosed group",
            "f.yaml:18 (kv): keyValue.rules[1].name: 'bad-name' is not a valid metric name",
            "f.yaml:18 (kv): keyValue.rules[1].help: required",
            "f.yaml:18 (kv): keyValue.rules[2].labels: '__y' is not a valid label name",
            "f.yaml:18 (kv): keyValue.labels: '__x' is not a valid label name");
  }

  private static String durationMessage(String text) {
    try {
      io.dbscope.core.config.Durations.parse(text, java.time.temporal.ChronoUnit.SECONDS);
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    throw new AssertionError(text + " parsed");
  }

  private static String groups() {
    return problems(
            """
            - id: g
              query: SELECT 1
              group: x
              columns:
                n: {usage: gauge, help: N.}
            """)
        .get(0)
        .replaceAll("^.*must be one of (.*), not 'x'$", "$1");
  }

  @Test
  void histogramColumnsAreOneFamilyWhoseBucketsHaveTheirBound() {
    Definition d =
        new DefinitionLoader()
            .load(
                "f.yaml",
                yaml(
                    """
                    - id: latency
                      query: SELECT le, n FROM b
                      columns:
                        le: label
                        n: {usage: histogram_bucket, name: q_seconds, help: Queries.}
                    - id: latency.sum
                      query: SELECT s, c FROM t
                      columns:
                        s: {usage: histogram_sum, name: q_seconds, help: Queries.}
                        c: {usage: histogram_count, name: q_seconds, help: Queries.}
                    """))
            .get(0);
    Column n = ((Mapping.Columns) d.mapping()).columns().get(1);
    assertThat(n.usage().metricType()).hasValue(io.dbscope.core.metrics.MetricType.HISTOGRAM);
    assertThat(n.metricName()).hasValue("q_seconds");
    assertThat(n.usage().suffix()).isEqualTo("_bucket");
    assertThat(
            problems(
                """
                - id: nobound
                  query: SELECT n FROM b
                  columns:
                    n: {usage: histogram_bucket, name: q_seconds, help: Queries.}
                - id: clash
                  query: SELECT s, g FROM t
                  columns:
                    s: {usage: histogram_sum, name: q_seconds, help: Queries.}
                    g: {usage: gauge, name: q_seconds, help: Queries.}
                - id: kv
                  query: SHOW STATUS
                  keyValue: {prefix: s, key: k, value: v, unmatchedType: histogram}
                """))
        .containsExactly(
            "f.yaml:1 (nobound): columns: a histogram_bucket column needs a label column 'le'"
                + " (its upper bound)",
            "f.yaml:5 (clash): columns.g: 'q_seconds' is already the histogram of column s",
            "f.yaml:10 (kv): keyValue.unmatchedType: must be gauge, counter or untyped, not"
                + " 'histogram'");
  }

  @Test
  void unknownKeysAndWrongShapesAreRefused() {
    assertThat(
            problems(
                """
                - id: a
                  query: SELECT 1
                  colums: {}
                """))
        .singleElement()
        .asString()
        .startsWith("f.yaml:1: colums: unknown key (known: ")
        .contains("columns");
    assertThat(problems("id: a\n")).containsExactly("f.yaml:1: expected a list of definitions");
    assertThat(new DefinitionLoader().load("empty.yaml", yaml(""))).isEmpty();
  }

  @Test
  void anIdMayAppearOnceInAFileAndOnceAcrossFiles() {
    String one =
        """
        - id: a
          query: SELECT 1
          columns:
            n: {usage: gauge, help: N.}
        """;
    assertThat(problems(one + one.replace("- id", "\n- id")))
        .containsExactly("f.yaml:6: id: 'a' appears twice in this file");

    Map<String, InputStream> files = new LinkedHashMap<>();
    files.put("x.yaml", yaml(one));
    files.put("y.yaml", yaml(one));
    files.put("z.yaml", yaml("- id: z\n  query: SELECT 1\n"));
    assertThatThrownBy(() -> new DefinitionLoader().loadAll(files))
        .isInstanceOfSatisfying(
            DefinitionException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "y.yaml:1: id: 'a' is already defined at x.yaml:1",
                        "z.yaml:1 (z): exactly one of 'columns' and 'keyValue' must be given"));
  }

  @Test
  void versionsCompareNumberByNumber() {
    assertThat(ServerVersion.parse("PostgreSQL 13.4 on x86_64-pc-linux-gnu"))
        .isEqualTo(new ServerVersion(List.of(13, 4)));
    assertThat(ServerVersion.parse("10.11.6-MariaDB-0+deb12u1").toString()).isEqualTo("10.11.6");
    assertThat(ServerVersion.parse("9.6")).isLessThan(ServerVersion.parse("10"));
    assertThat(ServerVersion.parse("7.0")).isEqualByComparingTo(ServerVersion.parse("7.0.0"));
    assertThat(ServerVersion.UNKNOWN.isKnown()).isFalse();
    assertThat(ServerVersion.UNKNOWN.toString()).isEqualTo("unknown");
    assertThatThrownBy(() -> ServerVersion.parse(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no version number in 'null'");
  }

  @Test
  void aRangeIncludesItsMinimumAndExcludesItsMaximum() {
    VersionRange range =
        new VersionRange(
            Optional.of(ServerVersion.parse("10")), Optional.of(ServerVersion.parse("16")));

    assertThat(range.contains(ServerVersion.parse("10.0"))).isTrue();
    assertThat(range.contains(ServerVersion.parse("15.9"))).isTrue();
    assertThat(range.contains(ServerVersion.parse("16"))).isFalse();
    assertThat(range.contains(ServerVersion.parse("9.6"))).isFalse();
    assertThat(range.contains(ServerVersion.UNKNOWN)).as("a hidden version runs all").isTrue();
    assertThat(VersionRange.ALL.toString()).isEqualTo("all");
    assertThat(new VersionRange(Optional.empty(), Optional.of(ServerVersion.parse("12"))))
        .hasToString("< 12");
  }
}
