package io.dbscope.server.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Prometheus rule files and promtool test files of deploy/prometheus, read as plain YAML trees:
 * which alerts and records there are, and what the unit tests expect of them.
 */
final class RuleFiles {
  static final Path PROMETHEUS = Tools.DEPLOY.resolve("prometheus");
  static final Path ALERTS = PROMETHEUS.resolve("rules/dbscope-alerts.yml");
  static final Path RECORDING = PROMETHEUS.resolve("rules/dbscope-recording.yml");
  static final Path TESTS = PROMETHEUS.resolve("tests");

  private static final YAMLMapper YAML = new YAMLMapper();

  /** One rule: its file, group, name (alert or record), expression, labels and annotations. */
  record Rule(
      String file, String group, String name, String expr, JsonNode labels, JsonNode annotations) {
    String where() {
      return file + " / " + group + " / " + name;
    }
  }

  /** One alert_rule_test evaluation of a promtool test file. */
  record AlertCheck(String file, String test, String alertname, int expectedAlerts) {}

  private RuleFiles() {}

  static JsonNode read(Path file) {
    try {
      return YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  static List<Rule> rules(Path file) {
    List<Rule> out = new ArrayList<>();
    for (JsonNode g : read(file).path("groups")) {
      for (JsonNode r : g.path("rules")) {
        String name = r.has("alert") ? r.path("alert").asText() : r.path("record").asText();
        out.add(
            new Rule(
                file.getFileName().toString(),
                g.path("name").asText(),
                name,
                r.path("expr").asText(),
                r.path("labels"),
                r.path("annotations")));
      }
    }
    return out;
  }

  static List<Rule> alerts() {
    return rules(ALERTS);
  }

  static List<Rule> records() {
    return rules(RECORDING);
  }

  static List<Path> testFiles() {
    return Tools.files(TESTS, ".yml");
  }

  static List<AlertCheck> alertChecks() {
    List<AlertCheck> out = new ArrayList<>();
    for (Path f : testFiles()) {
      for (JsonNode t : read(f).path("tests")) {
        for (JsonNode a : t.path("alert_rule_test")) {
          out.add(
              new AlertCheck(
                  f.getFileName().toString(),
                  t.path("name").asText(),
                  a.path("alertname").asText(),
                  a.path("exp_alerts").size()));
        }
      }
    }
    return out;
  }

  /** The expressions of every promql_expr_test, by file. */
  static Map<String, List<String>> exprTests() {
    Map<String, List<String>> out = new TreeMap<>();
    for (Path f : testFiles()) {
      for (JsonNode t : read(f).path("tests")) {
        for (JsonNode e : t.path("promql_expr_test")) {
          out.computeIfAbsent(f.getFileName().toString(), k -> new ArrayList<>())
              .add(e.path("expr").asText());
        }
      }
    }
    return out;
  }
}
