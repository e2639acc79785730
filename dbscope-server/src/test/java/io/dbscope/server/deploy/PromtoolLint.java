package io.dbscope.server.deploy;

import io.dbscope.core.definition.Column;
import io.dbscope.core.definition.Definition;
import io.dbscope.core.definition.Mapping;
import io.dbscope.core.engine.Engine;
import io.dbscope.server.Engines;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * {@code promtool check metrics} on an exposition text, its findings split by who chose the name.
 * The built-in definitions use the community exporters' names (and the seed's) verbatim, which
 * dashboards query: promtool's naming advice about them ({@code _total}, a {@code _count} suffix on
 * a gauge) is the exporters' to take. Every other family (dbscope's own, query analytics, process
 * and JVM metrics) is named by dbscope and must draw nothing.
 */
record PromtoolLint(String output, int exitCode, List<String> ofDbscopesNames) {

  /** The advice promtool gives about a name, not about the text's structure or types. */
  private static final Pattern NAMING_ADVICE =
      Pattern.compile(
          "counter metrics should have \"_total\" suffix"
              + "|non-histogram and non-summary metrics should not have \"_(count|sum|bucket)\""
              + " suffix"
              + "|metric name should not include type '[a-z]+'"
              + "|non-counter metrics should not have \"_total\" suffix"
              + "|use base unit \"[a-z]+\" instead of \"[a-z]+\""
              + "|metric names should not contain abbreviated units"
              + "|metric names should be written in 'snake_case' not 'camelCase'");

  static PromtoolLint check(Path exposition) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(Tools.promtool().toString(), "check", "metrics")
            .redirectInput(exposition.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("promtool check metrics did not finish");
    }
    List<Pattern> exporters = definitionNames();
    List<String> ours = new ArrayList<>();
    for (String line : out.lines().toList()) {
      int space = line.indexOf(' ');
      String family = space < 0 ? line : line.substring(0, space);
      String advice = space < 0 ? "" : line.substring(space + 1);
      boolean exporterName = exporters.stream().anyMatch(n -> n.matcher(family).matches());
      if (!exporterName || !NAMING_ADVICE.matcher(advice).matches()) {
        ours.add(line);
      }
    }
    return new PromtoolLint(out, p.exitValue(), List.copyOf(ours));
  }

  /** Every name a built-in definition gives, a key-value mapping's as a pattern. */
  private static List<Pattern> definitionNames() {
    List<Pattern> names = new ArrayList<>();
    for (Engine e : Engines.catalog().engines()) {
      for (Definition d : e.definitions()) {
        switch (d.mapping()) {
          case Mapping.Columns c -> {
            for (Column col : c.columns()) {
              col.metricName().ifPresent(n -> names.add(Pattern.compile(Pattern.quote(n))));
            }
          }
          case Mapping.KeyValue kv -> {
            for (Mapping.KeyRule r : kv.rules()) {
              names.add(
                  Pattern.compile(
                      Pattern.quote(r.name()).replaceAll("\\$\\d", "\\\\E[a-z0-9_]*\\\\Q")));
            }
            if (kv.exportUnmatched()) {
              names.add(Pattern.compile(Pattern.quote(kv.prefix() + "_") + "[a-z0-9_]+"));
            }
          }
        }
      }
    }
    return names;
  }
}
