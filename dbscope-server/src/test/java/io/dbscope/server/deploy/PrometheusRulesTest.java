package io.dbscope.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.server.deploy.RuleFiles.AlertCheck;
import io.dbscope.server.deploy.RuleFiles.Rule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus assets of deploy/ checked with the real promtool (Debian package {@code
 * prometheus}): the rule files are valid, their unit tests pass, the example configs load, every
 * alert is tested both firing and quiet, and every metric a rule reads is one dbscope exports (or
 * an explicitly listed name of a feature still to come).
 */
class PrometheusRulesTest {
  private static Path promtool;
  private static KnownMetrics known;

  @BeforeAll
  static void setUp() {
    promtool = Tools.promtool();
    known =
        KnownMetrics.load(
            Tools.DEPLOY.getParent(), RuleFiles.records().stream().map(Rule::name).toList());
  }

  @Test
  void ruleFilesPassPromtoolCheck() {
    Tools.Result r =
        Tools.run(
            RuleFiles.PROMETHEUS,
            List.of(
                promtool.toString(),
                "check",
                "rules",
                RuleFiles.ALERTS.toString(),
                RuleFiles.RECORDING.toString()));
    assertThat(r.exitCode()).as(r.describe()).isZero();
  }

  @Test
  void unitTestsPass() {
    List<String> cmd = new ArrayList<>(List.of(promtool.toString(), "test", "rules"));
    RuleFiles.testFiles().forEach(f -> cmd.add(f.getFileName().toString()));
    assertThat(cmd).as("promtool test files in " + RuleFiles.TESTS).hasSizeGreaterThan(3);
    Tools.Result r = Tools.run(RuleFiles.TESTS, cmd);
    assertThat(r.exitCode()).as(r.describe()).isZero();
  }

  @Test
  void exampleConfigsLoad() {
    for (String config : List.of("prometheus.yml", "prometheus-probe.yml")) {
      Tools.Result r =
          Tools.run(RuleFiles.PROMETHEUS, List.of(promtool.toString(), "check", "config", config));
      assertThat(r.exitCode()).as(r.describe()).isZero();
    }
  }

  @Test
  void everyAlertHasSeverityAndNamesTheDatasource() {
    List<Rule> alerts = RuleFiles.alerts();
    assertThat(alerts).hasSizeGreaterThan(20);
    for (Rule a : alerts) {
      assertThat(a.labels().path("severity").asText())
          .as("severity of %s", a.where())
          .isIn("critical", "warning", "info");
      for (String key : List.of("summary", "description")) {
        assertThat(a.annotations().path(key).asText())
            .as("%s annotation of %s", key, a.where())
            .contains("$labels.datasource");
      }
    }
    assertThat(alerts.stream().map(Rule::name).distinct()).hasSameSizeAs(alerts);
  }

  @Test
  void everyAlertIsTestedFiringAndQuiet() {
    List<AlertCheck> checks = RuleFiles.alertChecks();
    List<String> problems = new ArrayList<>();
    for (Rule a : RuleFiles.alerts()) {
      List<AlertCheck> list = checks.stream().filter(c -> c.alertname().equals(a.name())).toList();
      if (list.stream().noneMatch(c -> c.expectedAlerts() > 0)) {
        problems.add(a.name() + ": no alert_rule_test in which it fires");
      }
      if (list.stream().noneMatch(c -> c.expectedAlerts() == 0)) {
        problems.add(a.name() + ": no alert_rule_test in which it stays quiet");
      }
    }
    Set<String> names = new TreeSet<>(RuleFiles.alerts().stream().map(Rule::name).toList());
    checks.stream()
        .filter(c -> !names.contains(c.alertname()))
        .forEach(
            c ->
                problems.add(
                    c.file() + " / " + c.test() + ": tests unknown alert " + c.alertname()));
    assertThat(problems).as("alert unit tests in %s", RuleFiles.TESTS).isEmpty();
  }

  @Test
  void everyRecordIsTested() {
    Set<String> tested = new TreeSet<>();
    RuleFiles.exprTests()
        .values()
        .forEach(l -> l.forEach(e -> tested.addAll(PromqlNames.metrics(e))));
    List<String> untested =
        RuleFiles.records().stream()
            .map(Rule::name)
            .distinct()
            .filter(n -> !tested.contains(n))
            .toList();
    assertThat(untested).as("records without a promql_expr_test").isEmpty();
  }

  @Test
  void rulesReadOnlyMetricsDbscopeExports() {
    List<String> problems = new ArrayList<>();
    for (Rule r :
        Stream.concat(RuleFiles.alerts().stream(), RuleFiles.records().stream()).toList()) {
      problems.addAll(MetricChecks.check(known, r.where(), r.expr()));
    }
    assertThat(problems)
        .as(
            "metric names in the rules that nothing exports (add a definition, fix the name, or"
                + " list a coming feature's name in KnownMetrics.FUTURE); %d names known",
            known.size())
        .isEmpty();
  }

  @Test
  void futureNamesAreStillFuture() {
    assertThat(known.arrivedFutures())
        .as("exported by now: remove them from KnownMetrics.FUTURE")
        .isEmpty();
  }
}
