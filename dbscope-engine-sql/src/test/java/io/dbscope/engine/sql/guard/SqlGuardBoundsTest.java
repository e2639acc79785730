package io.dbscope.engine.sql.guard;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.sql.AllowedFunctions;
import io.dbscope.sql.SqlDialect;
import io.dbscope.sql.SqlTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * The guard's worst case at its bounds ({@value SqlTokens#MAX_TOKENS} tokens, {@value
 * SqlTokens#MAX_DEPTH} levels, {@value SqlTokens#MAX_CHARS} characters): the shapes the parser is
 * slowest on (nested parentheses, calls, subqueries, rows, CASE, arrays), each repeated up to the
 * token bound, are checked whole (lexer, call scan, parse, tree walk), three times each. The
 * slowest (the first, in a cold JVM) and fastest time per shape go to {@code
 * target/sqlguard-bounds.txt}; the slowest of all is the figure docs/custom-metrics.md quotes. The
 * assertion only catches a parser that became pathological again (3,000 nested parentheses once
 * took 8.5 s).
 *
 * <p>{@code ./mvnw -B -ntp -pl dbscope-engine-sql -am test -Dtest=SqlGuardBoundsTest
 * -Dsurefire.failIfNoSpecifiedTests=false}, then {@code cat
 * dbscope-engine-sql/target/sqlguard-bounds.txt}.
 */
class SqlGuardBoundsTest {
  private final SqlGuard guard = new SqlGuard(SqlDialect.POSTGRES, new AllowedFunctions());

  private static String nest(String open, String core, String close, int n) {
    return open.repeat(n) + core + close.repeat(n);
  }

  /** Units that nest to the depth bound (the statement's own level counts as none). */
  static Map<String, String> units() {
    int d = SqlTokens.MAX_DEPTH;
    Map<String, String> m = new LinkedHashMap<>();
    m.put("parentheses", nest("(", "1", ")", d));
    m.put("operands", nest("((", "1", ") + 1)", d / 2));
    m.put("calls", nest("abs(", "1", ")", d));
    m.put("subqueries", nest("(SELECT ", "1", ")", d));
    m.put("rows", nest("(", "1", ", 2)", d));
    m.put("coalesce", nest("coalesce(", "1", ", 2)", d));
    m.put("comparisons", nest("((", "1", ") = 1)", d / 2));
    m.put("arrays", nest("ARRAY[", "1", "]", d));
    m.put("case", nest("CASE WHEN true THEN ", "1", " END", d * 4));
    m.put("flat-parentheses", "(1)");
    m.put("flat-calls", "abs(1)");
    m.put("columns", "c");
    return m;
  }

  /** {@code SELECT unit + unit + …} with as many units as the token bound allows. */
  static String fill(String unit) {
    IntFunction<String> q = n -> "SELECT " + String.join(" + ", Collections.nCopies(n, unit));
    int n = 1;
    while (scanOk(q.apply(n * 2))) {
      n *= 2;
    }
    int lo = n;
    int hi = n * 2;
    while (hi - lo > 1) {
      int mid = (lo + hi) / 2;
      if (scanOk(q.apply(mid))) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return q.apply(lo);
  }

  private static boolean scanOk(String sql) {
    try {
      return SqlTokens.scan(sql).size() <= SqlTokens.MAX_TOKENS;
    } catch (SqlTokens.Refused e) {
      return false;
    }
  }

  @Test
  void theWorstQueryWithinTheBoundsIsCheckedInBoundedTime(TestReporter report) throws Exception {
    Map<String, String> queries = new LinkedHashMap<>();
    for (var e : units().entrySet()) {
      queries.put(e.getKey(), fill(e.getValue()));
    }
    queries.put("long-literal", "SELECT '" + "x".repeat(SqlTokens.MAX_CHARS - 10) + "'");
    long worst = 0;
    String worstShape = "";
    StringBuilder table = new StringBuilder("shape\ttokens\tchars\tslowest ms\tfastest ms\n");
    for (var e : queries.entrySet()) {
      int tokens = SqlTokens.scan(e.getValue()).size();
      assertThat(tokens).as(e.getKey()).isLessThanOrEqualTo(SqlTokens.MAX_TOKENS);
      long slowest = 0;
      long fastest = Long.MAX_VALUE;
      for (int run = 0; run < 3; run++) {
        long t0 = System.nanoTime();
        SqlGuard.Verdict v = guard.check(e.getValue(), false);
        long took = System.nanoTime() - t0;
        slowest = Math.max(slowest, took);
        fastest = Math.min(fastest, took);
        assertThat(v.reason()).as(e.getKey()).doesNotContain("tokens", "levels deep");
      }
      table.append(
          String.format(
              "%s\t%d\t%d\t%.1f\t%.1f%n",
              e.getKey(), tokens, e.getValue().length(), slowest / 1e6, fastest / 1e6));
      if (slowest > worst) {
        worst = slowest;
        worstShape = e.getKey();
      }
    }
    Files.writeString(Path.of("target", "sqlguard-bounds.txt"), table);
    report.publishEntry("worst-check-ms", Long.toString(Duration.ofNanos(worst).toMillis()));

    assertThat(Duration.ofNanos(worst)).as(worstShape).isLessThan(Duration.ofSeconds(5));
  }
}
