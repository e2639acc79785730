package io.dbscope.engine.mysql.custom;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.engine.mysql.MariaDbUnderTest;
import io.dbscope.testkit.contract.ResultBoundsContract;
import io.dbscope.testkit.contract.SqlEngineUnderTest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link ResultBoundsContract} on MariaDB: the connection is discarded rather than left in the pool
 * in the middle of a streamed result (where every later statement on it would fail), and the heap
 * holds one row of the result at a time, not the result: 100 rows of 4 MB are not read into memory.
 */
class MariaDbResultBoundsTest extends ResultBoundsContract {
  private MariaDbUnderTest db;

  @Override
  protected SqlEngineUnderTest start() {
    return db = MariaDbUnderTest.start();
  }

  @Override
  protected List<String> setup() {
    return queueTable();
  }

  /** In lower case, as the contract looks for it in the processlist. */
  @Override
  protected String rows(int count, int bytes) {
    return ("WITH RECURSIVE r(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM r WHERE g < %d)"
            + " SELECT CONCAT(g, repeat('y', %d)) AS k, g AS n FROM r")
        .formatted(count, bytes);
  }

  @Override
  protected HugeResults hugeResults() {
    Map<String, String> metrics = new LinkedHashMap<>();
    metrics.put("huge_rows", rows(100, 4 << 20));
    metrics.put("many_rows", rows(100, 900 << 10));
    // Some 50 MB: 4 MB of the first result's first row, and 19 rows of 900 kB of the second,
    // each as bytes and as text. Read whole, the two results are 1 GB.
    return new HugeResults(
        metrics,
        96L << 20,
        List.of(
            l ->
                assertThat(l)
                    .endsWith(
                        "(metric huge_rows): row 1, column k: a value of 4194305 bytes, more"
                            + " than customMaxValueBytes = 1048576; the rest was not read and"
                            + " the connection was discarded"),
            l ->
                assertThat(l)
                    .endsWith(
                        "(metric many_rows): the result has more than customMaxResultBytes ="
                            + " 16777216 bytes by row 19; the rest was not read and the"
                            + " connection was discarded")));
  }

  @Override
  protected boolean noDbscopeConnectionRuns(String text) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (count(
            "SELECT COUNT(*) FROM information_schema.PROCESSLIST"
                + " WHERE ID <> CONNECTION_ID() AND INSTR(INFO, '"
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
