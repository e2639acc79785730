package io.dbscope.engine.postgres.custom;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.engine.postgres.PostgresUnderTest;
import io.dbscope.testkit.contract.ResultBoundsContract;
import io.dbscope.testkit.contract.SqlEngineUnderTest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link ResultBoundsContract} on PostgreSQL. A huge value never reaches the heap whole: pgjdbc
 * refuses a row larger than its {@code maxResultBuffer} before it allocates it.
 */
class PostgresResultBoundsTest extends ResultBoundsContract {
  @Override
  protected SqlEngineUnderTest start() {
    return PostgresUnderTest.start();
  }

  @Override
  protected List<String> setup() {
    return queueTable();
  }

  @Override
  protected String rows(int count, int bytes) {
    return "SELECT g::text || repeat('y', %d) AS k, g AS n FROM generate_series(1, %d) g"
        .formatted(bytes, count);
  }

  @Override
  protected HugeResults hugeResults() {
    Map<String, String> metrics = new LinkedHashMap<>();
    metrics.put("huge", "SELECT repeat('x', 200 * 1024 * 1024) AS k, 1 AS n");
    metrics.put("big", "SELECT repeat('x', 5 * 1024 * 1024) AS k, 1 AS n");
    // Some 16 MB: the 5 MB value as bytes and as text. Read whole, the 200 MB one is 400 MB.
    return new HugeResults(
        metrics,
        48L << 20,
        List.of(
            l ->
                assertThat(l)
                    .contains("(metric huge): the result is larger than pgjdbc may read at once")
                    .contains("customMaxResultBytes, at least 67108864 bytes")
                    .endsWith("the rest was not read and the connection was discarded"),
            l ->
                assertThat(l)
                    .endsWith(
                        "(metric big): row 1, column k: a value of 5242880 bytes, more than"
                            + " customMaxValueBytes = 1048576; the rest was not read and the"
                            + " connection was discarded")));
  }

  @Override
  protected boolean noDbscopeConnectionRuns(String text) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (count(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'dbscope'"
                + " AND strpos(query, '"
                + text
                + "') > 0")
        > 0) {
      if (System.nanoTime() > end) {
        return false;
      }
      Thread.sleep(20);
    }
    return true;
  }
}
