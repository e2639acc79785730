package io.dbscope.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The built-in function lists, which are data: checked against the forbidden ones. */
class AllowedFunctionsListsTest {

  @Test
  void theBuiltInListsNameNoForbiddenFunctionAndTheNeutralOneIsTheirIntersection() {
    AllowedFunctions allowed = new AllowedFunctions();
    Set<String> pg = allowed.builtInNames(SqlDialect.POSTGRES);
    Set<String> my = allowed.builtInNames(SqlDialect.MYSQL);

    assertThat(pg).hasSizeGreaterThan(400).contains("pg_size_pretty", "current_setting", "count");
    assertThat(my).hasSizeGreaterThan(200).contains("ifnull", "concat", "unix_timestamp");
    for (String name : union(pg, my)) {
      assertThat(ForbiddenFunctions.reason(name)).as(name).isEmpty();
      assertThat(name).as(name).matches("[a-z][a-z0-9_]*");
    }
    Set<String> both = new TreeSet<>(pg);
    both.retainAll(my);
    assertThat(allowed.builtInNames(SqlDialect.NEUTRAL)).containsExactlyInAnyOrderElementsOf(both);
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> u = new TreeSet<>(a);
    u.addAll(b);
    return u;
  }
}
