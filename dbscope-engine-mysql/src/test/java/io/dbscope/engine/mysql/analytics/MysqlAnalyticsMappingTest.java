package io.dbscope.engine.mysql.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.dbscope.core.definition.ServerVersion;
import io.dbscope.core.engine.ResultRows;
import io.dbscope.core.engine.ServerFacts;
import io.dbscope.core.metrics.SampleBatch;
import io.dbscope.engine.sql.analytics.SessionActivity;
import io.dbscope.engine.sql.analytics.StatementSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Digest rows, process rows and error rows mapped from literal rows; the SQL's safety rules. */
class MysqlAnalyticsMappingTest {

  @Test
  void digestRowsBecomeSnapshotsInSeconds() {
    List<Object[]> rows = new ArrayList<>();
    rows.add(
        new Object[] {
          "ab12",
          "app",
          10L,
          new BigInteger("3000000000000"),
          1_000_000_000L,
          10L,
          20L,
          0L,
          1L,
          2L,
          3L,
          1L,
          4L,
          100_000_000L,
          900_000_000_000L,
          300_000_000_000L,
          1.7e9,
          "SELECT ? FROM `t`"
        });
    rows.add(
        new Object[] {
          null, null, 5L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, null, null
        });
    List<StatementSnapshot> s =
        MysqlDigestQuery.snapshots(ResultRows.of(MysqlDigestQuery.COLUMNS, rows), Map.of());
    assertThat(s.get(0).key().id()).isEqualTo("ab12");
    assertThat(s.get(0).key().database()).isEqualTo("app");
    assertThat(s.get(0).values())
        .containsExactly(
            new double[] {10, 3, 0.001, 10, 20, 0, 1, 2, 3, 1, 4, 1e-4, 0.9, 0.3}, within(1e-12));
    assertThat(s.get(0).since()).isEqualTo(1.7e9);
    assertThat(s.get(1).key().id()).isEqualTo("overflow");
    assertThat(s.get(1).key().database()).isEmpty();
    assertThat(s.get(1).since()).isNaN();
  }

  @Test
  void onlyHexadecimalDigestsAreInlined() {
    assertThat(MysqlDigestQuery.page("0fAB", 10, false, false))
        .contains("WHERE DIGEST >= '0fAB' ORDER BY DIGEST LIMIT 10");
    assertThat(MysqlDigestQuery.page(null, 10, true, false))
        .contains("LEFT(DIGEST_TEXT, 1024)")
        .doesNotContain("WHERE");
    assertThat(MysqlDigestQuery.texts(List.of("aa", "bb"))).contains("IN ('aa','bb')");
    assertThatThrownBy(() -> MysqlDigestQuery.literal("x' OR 1=1 --"))
        .hasMessageContaining("unexpected digest");
  }

  @Test
  void processesAndTransactionsAreJoinedByThreadId() {
    ResultRows processes =
        ResultRows.of(
            List.of("id", "user", "host", "db", "command", "state", "age", "now_s", "info"),
            List.<Object[]>of(
                new Object[] {
                  5L,
                  "app",
                  "10.0.0.7:5123",
                  "shop",
                  "Query",
                  "User sleep",
                  12.5,
                  1000.0,
                  "SELECT SLEEP(?)"
                },
                new Object[] {6L, "app", "10.0.0.8:5124", "shop", "Sleep", "", 30.0, 1000.0, null},
                new Object[] {
                  7L, "app", "10.0.0.9:5125", "shop", "Query", "updating", 4.0, 1000.0, null
                },
                new Object[] {
                  8L,
                  "app",
                  "h:1",
                  "shop",
                  "Query",
                  "Waiting for table metadata lock",
                  2.0,
                  1000.0,
                  null
                }));
    ResultRows trx =
        ResultRows.of(
            List.of("id", "state", "started", "now_s"),
            List.<Object[]>of(
                new Object[] {6L, "RUNNING", 900L, 1000L},
                new Object[] {7L, "LOCK WAIT", 996L, 1000L}));
    List<SessionActivity> s = MysqlActivityCollector.sessions(processes, trx);
    assertThat(s.get(0).active()).isTrue();
    assertThat(s.get(0).queryAge()).isEqualTo(12.5);
    assertThat(s.get(0).queryStart()).isEqualTo(987.5);
    assertThat(s.get(0).transactionAge()).isNaN();
    assertThat(s.get(1).idleInTransaction()).isTrue();
    assertThat(s.get(1).idleAge()).isEqualTo(30);
    assertThat(s.get(1).transactionAge()).isEqualTo(100);
    assertThat(s.get(2).lockWait()).isTrue();
    assertThat(s.get(3).lockWait()).isTrue();
    assertThat(s.get(0).lockWait()).isFalse();
    assertThat(MysqlActivityCollector.clientAddress("10.0.0.7:5123")).isEqualTo("10.0.0.7");
    assertThat(MysqlActivityCollector.clientAddress("localhost")).isEqualTo("localhost");
  }

  @Test
  void errorSummaryRowsBecomeCountersAndOnlyMysql8HasThem() {
    SampleBatch b = new SampleBatch();
    MysqlErrorsCollector.map(
        ResultRows.of(
            List.of("error_number", "error_name", "raised", "handled"),
            List.<Object[]>of(new Object[] {1146L, "ER_NO_SUCH_TABLE", 3L, 0L})),
        Labels.of("datasource", "m"),
        b);
    assertThat(b.families())
        .extracting(SampleBatch.Family::name)
        .containsExactly("mysql_errors_raised_total", "mysql_errors_handled_total");
    SampleBatch.Point p = b.families().iterator().next().points().get(0);
    assertThat(p.labels().get("error_number")).isEqualTo("1146");
    assertThat(p.labels().get("error_name")).isEqualTo("ER_NO_SUCH_TABLE");
    assertThat(p.value()).isEqualTo(3);

    assertThat(MysqlErrorsCollector.isMysql8(facts("8.0.36"))).isTrue();
    assertThat(MysqlErrorsCollector.isMysql8(facts("5.7.44-log"))).isFalse();
    assertThat(MysqlErrorsCollector.isMysql8(facts("10.11.6-MariaDB-0+deb12u1"))).isFalse();
  }

  private static ServerFacts facts(String version) {
    return new ServerFacts(
        version,
        ServerVersion.parse(version),
        ServerFacts.Role.PRIMARY,
        Set.of("performance_schema"),
        Optional.empty());
  }
}
