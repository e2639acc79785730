package io.dbscope.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.dbscope.server.deploy.RuleFiles.Rule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboards of deploy/grafana: every panel expression and variable query is valid
 * PromQL (promtool checks them as recording rules once the Grafana variables are filled in), reads
 * only metrics dbscope exports, and the dashboards carry the datasource and engine variables. That
 * the expressions also return data is proven against a real Prometheus elsewhere.
 */
class GrafanaDashboardsTest {
  private static final Path DASHBOARDS = Tools.DEPLOY.resolve("grafana/dashboards");
  private static final Pattern LABEL_VALUES =
      Pattern.compile("label_values\\((.*),\\s*\\w+\\s*\\)");
  private static final Map<String, String> VARIABLES =
      Map.of(
          "$__rate_interval", "1m",
          "$__interval", "1m",
          "$__range", "1h",
          "${datasource}", ".*",
          "$datasource", ".*",
          "${engine}", ".*",
          "$engine", ".*");

  private static KnownMetrics known;

  @BeforeAll
  static void setUp() {
    known =
        KnownMetrics.load(
            Tools.DEPLOY.getParent(), RuleFiles.records().stream().map(Rule::name).toList());
  }

  /** Every expression of a dashboard file: "file / panel title" to PromQL, variables filled in. */
  private static Map<String, String> expressions(Path file) throws Exception {
    JsonNode d = new ObjectMapper().readTree(file.toFile());
    Map<String, String> out = new LinkedHashMap<>();
    List<JsonNode> panels = new ArrayList<>();
    d.path("panels").forEach(panels::add);
    d.path("panels").forEach(p -> p.path("panels").forEach(panels::add));
    for (JsonNode p : panels) {
      int i = 0;
      for (JsonNode t : p.path("targets")) {
        out.put(
            file.getFileName() + " / " + p.path("title").asText() + " #" + i++,
            fill(t.path("expr").asText()));
      }
    }
    for (JsonNode v : d.path("templating").path("list")) {
      if (v.path("type").asText().equals("query")) {
        Matcher m = LABEL_VALUES.matcher(v.path("definition").asText());
        assertThat(m.matches())
            .as("variable %s of %s is label_values(selector, label)", v.path("name"), file)
            .isTrue();
        out.put(file.getFileName() + " / variable " + v.path("name").asText(), fill(m.group(1)));
      }
    }
    return out;
  }

  private static String fill(String expr) {
    String s = expr;
    for (var e : VARIABLES.entrySet()) {
      s = s.replace(e.getKey(), e.getValue());
    }
    return s;
  }

  @Test
  void everyExpressionIsValidPromql(@TempDir Path dir) throws Exception {
    ObjectMapper yaml = new YAMLMapper();
    ObjectNode group = yaml.createObjectNode().put("name", "dashboard-expressions");
    var rules = group.putArray("rules");
    Map<String, String> byRecord = new LinkedHashMap<>();
    for (Path f : Tools.files(DASHBOARDS, ".json")) {
      for (var e : expressions(f).entrySet()) {
        String record = "panel_" + byRecord.size();
        byRecord.put(record, e.getKey());
        rules.addObject().put("record", record).put("expr", e.getValue());
      }
    }
    assertThat(byRecord).hasSizeGreaterThan(50);
    ObjectNode root = yaml.createObjectNode();
    root.putArray("groups").add(group);
    Path file = dir.resolve("dashboard-expressions.yml");
    yaml.writeValue(file.toFile(), root);
    Tools.Result r =
        Tools.run(dir, List.of(Tools.promtool().toString(), "check", "rules", file.toString()));
    assertThat(r.exitCode()).as("%s\nrecords: %s", r.describe(), byRecord).isZero();
  }

  @Test
  void panelsReadOnlyMetricsDbscopeExports() throws Exception {
    List<String> problems = new ArrayList<>();
    for (Path f : Tools.files(DASHBOARDS, ".json")) {
      expressions(f)
          .forEach((where, expr) -> problems.addAll(MetricChecks.check(known, where, expr)));
    }
    assertThat(problems)
        .as("metric names in the dashboards that nothing exports (see KnownMetrics.FUTURE)")
        .isEmpty();
  }

  @Test
  void dashboardsHaveTheVariablesAndProvisioning() throws Exception {
    List<Path> files = Tools.files(DASHBOARDS, ".json");
    assertThat(files.stream().map(f -> f.getFileName().toString()))
        .contains(
            "dbscope-fleet.json",
            "dbscope-postgres.json",
            "dbscope-mysql.json",
            "dbscope-redis.json",
            "dbscope-mongodb.json",
            "dbscope-query-analytics.json");
    List<String> uids = new ArrayList<>();
    for (Path f : files) {
      JsonNode d = new ObjectMapper().readTree(f.toFile());
      uids.add(d.path("uid").asText());
      List<String> vars = new ArrayList<>();
      d.path("templating").path("list").forEach(v -> vars.add(v.path("name").asText()));
      assertThat(vars).as("variables of %s", f).contains("prom", "datasource");
      if (f.endsWith("dbscope-fleet.json") || f.endsWith("dbscope-query-analytics.json")) {
        assertThat(vars).as("variables of %s", f).contains("engine");
      }
      d.path("panels")
          .forEach(
              p -> {
                if (!p.path("type").asText().equals("row")) {
                  assertThat(p.path("targets").size())
                      .as("queries of panel %s in %s", p.path("title"), f)
                      .isPositive();
                  assertThat(p.path("datasource").path("uid").asText()).isEqualTo("${prom}");
                }
              });
    }
    assertThat(uids).doesNotHaveDuplicates().doesNotContain("");
    JsonNode qa =
        new ObjectMapper().readTree(DASHBOARDS.resolve("dbscope-query-analytics.json").toFile());
    assertThat(qa.path("description").asText()).contains("docs/query-analytics.md");
    Path provisioning = Tools.DEPLOY.resolve("grafana/provisioning");
    assertThat(
            RuleFiles.read(provisioning.resolve("datasources/prometheus.yml"))
                .path("datasources")
                .get(0)
                .path("type")
                .asText())
        .isEqualTo("prometheus");
    assertThat(
            RuleFiles.read(provisioning.resolve("dashboards/dbscope.yml"))
                .path("providers")
                .get(0)
                .path("type")
                .asText())
        .isEqualTo("file");
    assertThat(Files.isRegularFile(Tools.DEPLOY.resolve("README.md"))).isTrue();
  }
}
