package io.dbscope.examples.jdbcapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The example's alert rules are valid and every alert has a promtool unit test that passes. */
class PromtoolRulesTest {
  @Test
  void rulesAreValidAndTheirUnitTestsPass() throws Exception {
    String promtool = Binaries.find("promtool").toString();
    Binaries.Result check =
        Binaries.run(
            Binaries.EXAMPLE.resolve("prometheus"),
            List.of(promtool, "check", "rules", "rules/dbscope-jdbc-alerts.yml"));
    assertThat(check.exit()).as(check.output()).isZero();
    Binaries.Result test =
        Binaries.run(
            Binaries.EXAMPLE.resolve("prometheus"),
            List.of(promtool, "test", "rules", "tests/dbscope-jdbc.yml"));
    assertThat(test.exit()).as(test.output()).isZero();
    assertThat(test.output()).contains("SUCCESS");
  }
}
