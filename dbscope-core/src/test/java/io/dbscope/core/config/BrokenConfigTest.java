package io.dbscope.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One small broken file per failure mode, each with the exact problem lines a user sees ({@code
 * {f}} stands for the file's path, {@code {d}} for its directory).
 */
class BrokenConfigTest {
  @TempDir Path dir;

  /** Lines 1-4 of most cases; the broken line is line 5. */
  private static final String BASE =
      """
      [[datasource]]
      name = "a"
      engine = "postgres"
      dbHost = "db1"
      """;

  private static final String KNOWN = "postgres, postgresql, pg, mysql, mariadb, redis";

  static Stream<Arguments> cases() {
    return Stream.of(
        c(
            "unknown key with a suggestion",
            "c.toml",
            BASE + "queryTimout = 5\n",
            "{f}:5: datasource[a].queryTimout: unknown key (did you mean queryTimeout?)"),
        c(
            "unknown top-level key",
            "c.toml",
            "colour = \"red\"\n" + BASE,
            "{f}:1: colour: unknown key"),
        c(
            "global key inside a datasource",
            "c.toml",
            BASE + "logLevel = \"debug\"\n",
            "{f}:5: datasource[a].logLevel: a global key cannot be set per datasource; move it"
                + " above the first [[datasource]] (in TOML every key below a [[datasource]] line"
                + " belongs to that datasource)"),
        c(
            "allowedFunctions entry that is not a function name",
            "c.toml",
            "allowedFunctions = [\"crosstab\", \"crosstab()\", \"pg_stat_*\"]\n" + BASE,
            "{f}:1: allowedFunctions: item 2 'crosstab()' is not a function name; write it as in a"
                + " query: name, schema.name or \"QuotedName\", without parentheses",
            "{f}:1: allowedFunctions: item 3 'pg_stat_*' is not a function name; write it as in a"
                + " query: name, schema.name or \"QuotedName\", without parentheses"),
        c(
            "wrong type",
            "c.toml",
            BASE + "maxOpenConns = \"ten\"\n",
            "{f}:5: datasource[a].maxOpenConns: expected an integer, got a string"),
        c(
            "wrong type in YAML, with its line",
            "c.yaml",
            """
            datasource:
              - name: a
                engine: postgres
                dbHost: db1
                checkSlowSQL: maybe
            """,
            "{f}:5: datasource[a].checkSlowSQL: expected true or false, got a string"),
        c(
            "optionalCollectors as a word other than all",
            "c.toml",
            BASE + "optionalCollectors = \"everything\"\n",
            "{f}:5: datasource[a].optionalCollectors: expected \"all\" or a list of collector ids,"
                + " got 'everything'"),
        c(
            "optionalCollectors naming no collector of the engine",
            "c.toml",
            BASE + "optionalCollectors = [\"pg_lockz\"]\n",
            "{f}:5: datasource[a].optionalCollectors: unknown collector 'pg_lockz' for engine"
                + " postgres (did you mean pg_locks?)"),
        c(
            "priority out of range",
            "c.toml",
            BASE + "priority = 5\n",
            "{f}:5: datasource[a].priority: must be between 1 and 3, got 5"),
        c(
            "missing engine",
            "c.toml",
            "[[datasource]]\nname = \"a\"\ndbHost = \"db1\"\n",
            "{f}:1: datasource[a].engine: required key is missing (known engines: " + KNOWN + ")"),
        c(
            "missing dbHost",
            "c.toml",
            "[[datasource]]\nname = \"a\"\nengine = \"redis\"\n",
            "{f}:1: datasource[a].dbHost: required key is missing (write dbHost = \"host:port\","
                + " or set url)"),
        c(
            "missing name",
            "c.yaml",
            "datasource:\n  - engine: redis\n    dbHost: cache\n",
            "{f}:2: datasource[1].name: required key is missing"),
        c(
            "duplicate datasource names",
            "c.toml",
            BASE + "\n" + BASE,
            "{f}:7: datasource[a].name: duplicate datasource name 'a' (first used at line 2)"),
        c(
            "unknown engine",
            "c.toml",
            BASE.replace("postgres", "oracle"),
            "{f}:3: datasource[a].engine: unknown engine 'oracle' (known: " + KNOWN + ")"),
        c(
            "unreadable dbPwdFile",
            "c.toml",
            BASE + "dbPwdFile = \"secrets/pg.pw\"\n",
            "{f}:5: datasource[a].dbPwdFile: cannot read {d}/secrets/pg.pw: no such file"),
        c(
            "unreadable customMetricsFile",
            "c.toml",
            BASE + "customMetricsFile = [\"./custom_metrics_prod.toml\"]\n",
            "{f}:5: datasource[a].customMetricsFile: cannot read {d}/custom_metrics_prod.toml:"
                + " no such file"),
        c(
            "labels entry without =",
            "c.toml",
            BASE + "labels = \"cluster=prod,role\"\n",
            "{f}:5: datasource[a].labels: 'role' is not name=value (write labels = \"k=v,k=v\")"),
        c(
            "invalid label name",
            "c.toml",
            BASE + "labels = \"zone-id=1\"\n",
            "{f}:5: datasource[a].labels: 'zone-id' is not a valid label name (letters, digits and"
                + " _, not starting with a digit)"),
        c(
            "reserved label",
            "c.toml",
            BASE + "labels = \"cluster=prod,datasource=x\"\n",
            "{f}:5: datasource[a].labels: label 'datasource' is reserved: dbscope sets it to the"
                + " datasource name"),
        c(
            "bad duration",
            "c.toml",
            BASE + "queryTimeout = \"5x\"\n",
            "{f}:5: datasource[a].queryTimeout: '5x' is not a duration (examples: 500ms, 30s, 5m,"
                + " 1h30m)"),
        c(
            "zero duration where one is needed",
            "c.toml",
            "scrapeTimeout = 0\n" + BASE,
            "{f}:1: scrapeTimeout: must be more than 0"),
        c(
            "listenAddress without a port",
            "c.toml",
            "listenAddress = \"9630\"\n" + BASE,
            "{f}:1: listenAddress: '9630' has no port (examples: :9630, 127.0.0.1:9630,"
                + " [::1]:9630)"),
        c(
            "basic auth without user and password",
            "c.toml",
            "enableBasicAuth = true\n" + BASE,
            "{f}:1: basicAuthUsername: required when enableBasicAuth = true",
            "{f}:1: basicAuthPassword: required when enableBasicAuth = true"),
        c(
            "malformed bcrypt hash",
            "c.toml",
            "basicAuthPassword = \"$2y$10$tooShort\"\n" + BASE,
            "{f}:1: basicAuthPassword: looks like a bcrypt hash but is not one ($2a$, $2b$ or"
                + " $2y$, a two-digit cost, $ and 53 characters)"),
        c(
            "maxIdleConns above maxOpenConns",
            "c.toml",
            BASE + "maxOpenConns = 2\nmaxIdleConns = 3\n",
            "{f}:6: datasource[a].maxIdleConns: must not exceed maxOpenConns (3 > 2)"),
        c(
            "connMaxLifetime below HikariCP's minimum",
            "c.toml",
            BASE + "connMaxLifetime = \"10s\"\n",
            "{f}:5: datasource[a].connMaxLifetime: must be 0 (no limit) or at least 30s, got 10s"),
        c(
            "ENC() that is not base64",
            "c.toml",
            BASE + "dbPwd = \"ENC(not base64!)\"\n",
            "{f}:5: datasource[a].dbPwd: ENC() value is not valid base64"),
        c(
            "unset environment variable",
            "c.toml",
            BASE + "dbUser = \"${DB_USER}\"\n",
            "{f}:5: datasource[a].dbUser: environment variable DB_USER is not set (write"
                + " ${DB_USER:-default} to give a default)"),
        c(
            "unclosed ${",
            "c.toml",
            BASE + "dbUser = \"${DB_USER\"\n",
            "{f}:5: datasource[a].dbUser: unclosed ${ (write $${ for a literal ${)"),
        c(
            "dbPwd and dbPwdFile together",
            "c.toml",
            BASE + "dbPwd = \"ENC(czNjcmV0)\"\ndbPwdFile = \"c.toml\"\n",
            "{f}:6: datasource[a].dbPwdFile: set either dbPwd or dbPwdFile, not both"),
        c(
            "legacy keys mixed with [[datasource]]",
            "c.toml",
            "dbUser = \"monitor\"\n" + BASE,
            "{f}:1: dbUser: a datasource key cannot stand at the top level next to datasource"
                + " entries; move it into one (the single-datasource form cannot be mixed with"
                + " [[datasource]])"),
        c(
            "no datasource at all",
            "c.toml",
            "listenAddress = \":9630\"\n",
            "{f}: datasource: no datasource configured (add a [[datasource]] entry with name,"
                + " engine and dbHost)"),
        c(
            "datasource that is not a list",
            "c.yaml",
            "datasource:\n  name: a\n  engine: redis\n",
            "{f}:1: datasource: expected a list of tables ([[datasource]] in TOML, a list of"
                + " '- name: ...' entries in YAML), got a table"),
        c(
            "engine's own validation",
            "c.toml",
            BASE + "url = \"jdbc:mysql://db1/app\"\n",
            "{f}:1: datasource[a]: url must start with jdbc:postgresql: for engine postgres"),
        c(
            "unknown collector",
            "c.toml",
            BASE + "collectors = [\"pg_stat_databse\"]\n",
            "{f}:5: datasource[a].collectors: unknown collector 'pg_stat_databse' for engine"
                + " postgres (did you mean pg_stat_database?)"),
        c(
            "invalid choice",
            "c.toml",
            "collectStrategy = \"parallel\"\n" + BASE,
            "{f}:1: collectStrategy: must be one of serial, concurrent, hybrid; got 'parallel'"),
        c(
            "scrapeTimeoutFactor out of range",
            "c.toml",
            "scrapeTimeoutFactor = 1.5\n" + BASE,
            "{f}:1: scrapeTimeoutFactor: must be more than 0 and at most 1, got 1.5"),
        c(
            "scrapeTimeout above maxScrapeTimeout",
            "c.toml",
            "scrapeTimeout = \"2m\"\nmaxScrapeTimeout = 60\n" + BASE,
            "{f}:1: scrapeTimeout: must not exceed maxScrapeTimeout (2m > 1m)"),
        c(
            "IPv6 without brackets",
            "c.toml",
            BASE.replace("\"db1\"", "\"::1:5432\""),
            "{f}:4: datasource[a].dbHost: '::1:5432': write an IPv6 address in brackets, e.g."
                + " [::1]:5432"),
        c(
            "bad port",
            "c.toml",
            BASE.replace("\"db1\"", "\"db1:99999\""),
            "{f}:4: datasource[a].dbHost: 'db1:99999' has no valid port (a number up to 65535"
                + " after the last ':')"),
        c(
            "invalid datasource name",
            "c.toml",
            BASE.replace("\"a\"", "\"prod master\""),
            "{f}:2: datasource[1].name: 'prod master' is not a valid name (letters, digits, '.',"
                + " '_', ':' and '-', starting with a letter or digit)"),
        c(
            "metricPath without a slash",
            "c.toml",
            "metricPath = \"metrics\"\n" + BASE,
            "{f}:1: metricPath: 'metrics' is not a URL path (write it as /metrics)"),
        c(
            "TOML syntax error",
            "c.toml",
            BASE + "queryTimeout = \n",
            "{f}:5: (syntax): Newline not permitted here"),
        c(
            "YAML syntax error",
            "c.yaml",
            "datasource:\n  - name: a\n   engine: redis\n",
            "{f}:3: (syntax): while parsing a block collection: expected <block end>, but found"
                + " '<block mapping start>'"),
        c(
            "duplicate key in YAML",
            "c.yaml",
            "datasource:\n  - name: a\n    name: b\n",
            "{f}:3: (syntax): Duplicate field 'name'"),
        c(
            "unknown file format",
            "c.ini",
            BASE,
            "{f}: (file): unknown config format; name the file *.toml, *.yaml or *.yml"),
        c(
            "several problems at once",
            "c.toml",
            """
            listenAddress = ":99999"
            logLevel = "verbose"

            [[datasource]]
            name = "a"
            engine = "postgres"
            dbHost = "db1"
            priority = 0

            [[datasource]]
            name = "a"
            engine = "mongodb"
            dbHost = "db2"
            labels = "datasource=x"
            """,
            "{f}:1: listenAddress: ':99999' has no valid port (a number up to 65535 after the last"
                + " ':') (examples: :9630, 127.0.0.1:9630, [::1]:9630)",
            "{f}:2: logLevel: must be one of trace, debug, info, warn, error; got 'verbose'",
            "{f}:8: datasource[a].priority: must be between 1 and 3, got 0",
            "{f}:11: datasource[a].name: duplicate datasource name 'a' (first used at line 5)",
            "{f}:12: datasource[a].engine: unknown engine 'mongodb' (known: " + KNOWN + ")",
            "{f}:14: datasource[a].labels: label 'datasource' is reserved: dbscope sets it to the"
                + " datasource name"));
  }

  private static Arguments c(String what, String file, String content, String... expected) {
    return Arguments.of(what, file, content, List.of(expected));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void isRejectedWithExactlyTheseProblems(
      String what, String file, String content, List<String> expected) {
    Path written = new ConfigFiles(dir).write(file, content);

    List<String> problems = new ConfigFiles(dir).problems(written);

    assertThat(problems)
        .containsExactlyElementsOf(
            expected.stream()
                .map(e -> e.replace("{f}", written.toString()).replace("{d}", dir.toString()))
                .toList());
  }

  @Test
  void atLeastFifteenFailureModesAreCovered() {
    assertThat(cases().count()).isGreaterThanOrEqualTo(15);
  }

  @Test
  void aMissingFileIsOneProblem() {
    Path missing = dir.resolve("nope.toml");

    assertThat(new ConfigFiles(dir).problems(missing))
        .containsExactly(missing + ": (file): no such file");
  }
}
