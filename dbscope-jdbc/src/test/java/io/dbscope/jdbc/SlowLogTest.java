package io.dbscope.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.sql.SqlDialect;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlowLogTest {
  @Test
  void logsOncePerFingerprintWithoutValues() {
    List<String> lines = new ArrayList<>();
    SlowLog log = new SlowLog("orders", Duration.ofMillis(5), lines::add);
    StatementTable table = new StatementTable(10);
    StatementStats s =
        table
            .info("SELECT * FROM users WHERE password = 'hunter2' AND id = 42", SqlDialect.POSTGRES)
            .stats();

    log.check(s, 1_000_000);
    log.check(s, 7_000_000);
    log.check(s, 9_000_000);

    assertThat(lines).hasSize(1);
    assertThat(lines.get(0))
        .contains("datasource=orders", "fingerprint=" + s.fingerprint, "duration_ms=7.000")
        .contains("select * from users where password = ? and id = ?")
        .doesNotContain("hunter2")
        .doesNotContain("42");
  }

  @Test
  void zeroThresholdNeverLogs() {
    List<String> lines = new ArrayList<>();
    SlowLog log = new SlowLog("orders", Duration.ZERO, lines::add);
    log.check(new StatementStats("f", "t", "SELECT"), Long.MAX_VALUE - 1);
    assertThat(lines).isEmpty();
  }

  @Test
  void tableIsBoundedAndCountsTheRestAsOverflow() {
    StatementTable table = new StatementTable(2);
    table.info("select a from t", SqlDialect.POSTGRES).stats().record(10, false);
    table.info("select b from t", SqlDialect.POSTGRES).stats().record(20, false);
    StatementStats third = table.info("select c from t", SqlDialect.POSTGRES).stats();
    third.record(5, true);
    assertThat(third.fingerprint).isEqualTo(StatementTable.OVERFLOW);
    assertThat(table.top(1)).extracting(x -> x.text).containsExactly("select b from t", "");
    assertThat(table.info("SELECT  a FROM t /* again */", SqlDialect.POSTGRES).stats().calls.sum())
        .isEqualTo(1);
  }
}
