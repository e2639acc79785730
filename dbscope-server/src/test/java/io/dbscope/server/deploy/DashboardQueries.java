package io.dbscope.server.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PromQL of the Grafana dashboards in deploy/grafana/dashboards, and Grafana's template
 * variables filled in the way Grafana would before sending it to Prometheus.
 */
final class DashboardQueries {
  static final Path DASHBOARDS = Tools.DEPLOY.resolve("grafana/dashboards");

  /** {@code $name}, {@code ${name}}, {@code ${name:format}}, {@code [[name]]}; not {@code $1}. */
  private static final Pattern VARIABLE =
      Pattern.compile(
          "\\$\\{([a-zA-Z_]\\w*)(?::\\w+)?}|\\$([a-zA-Z_]\\w*)|\\[\\[([a-zA-Z_]\\w*)(?::\\w+)?]]");

  private static final Pattern LABEL_VALUES =
      Pattern.compile("label_values\\((.*),\\s*\\w+\\s*\\)", Pattern.DOTALL);

  /**
   * One query of a dashboard: a panel target ({@code refId} as Grafana numbers them) or the
   * selector of a {@code label_values(selector, label)} variable, whose panel is "variable NAME".
   */
  record Query(String dashboard, String panel, String refId, String expr) {
    String where() {
      return dashboard + " / " + panel + " / " + refId;
    }
  }

  private DashboardQueries() {}

  /** Every panel target (rows' panels included) and variable selector of every dashboard. */
  static List<Query> all() {
    List<Query> out = new ArrayList<>();
    for (Path f : Tools.files(DASHBOARDS, ".json")) {
      out.addAll(of(f));
    }
    return out;
  }

  static List<Query> of(Path file) {
    JsonNode d;
    try {
      d = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    String name = file.getFileName().toString();
    List<JsonNode> panels = new ArrayList<>();
    d.path("panels").forEach(panels::add);
    d.path("panels").forEach(p -> p.path("panels").forEach(panels::add));
    List<Query> out = new ArrayList<>();
    for (JsonNode p : panels) {
      int i = 0;
      for (JsonNode t : p.path("targets")) {
        String ref = t.path("refId").asText("#" + i);
        i++;
        out.add(new Query(name, p.path("title").asText(), ref, t.path("expr").asText().trim()));
      }
    }
    for (JsonNode v : d.path("templating").path("list")) {
      if (v.path("type").asText().equals("query")) {
        Matcher m = LABEL_VALUES.matcher(v.path("definition").asText());
        if (m.matches()) {
          String panel = "variable " + v.path("name").asText();
          out.add(new Query(name, panel, "selector", m.group(1).trim()));
        }
      }
    }
    return out;
  }

  /**
   * Replaces Grafana's variables by {@code values} (name without {@code $}); a variable not in the
   * map is an error, so that a new variable cannot slip through unfilled.
   *
   * <pre>{@code
   * fill("rate(x{datasource=~\"$datasource\"}[$__rate_interval])",
   *     Map.of("datasource", ".*", "__rate_interval", "1m"))
   * // rate(x{datasource=~".*"}[1m])
   * }</pre>
   */
  static String fill(String expr, Map<String, String> values) {
    Matcher m = VARIABLE.matcher(expr);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
      String value = values.get(name);
      if (value == null) {
        throw new IllegalArgumentException(
            "no value for Grafana variable $" + name + " in " + expr);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }
}
