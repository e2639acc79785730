package io.dbscope.engine.sql.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbscope.core.definition.Definition;
import io.dbscope.core.engine.ResultRows;
import io.dbscope.core.engine.ServerFacts;
import io.dbscope.core.engine.Session;
import io.dbscope.core.scrape.Deadline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Paging logic over a literal, sorted table; the SQL itself is tested against real servers. */
class KeysetPagerTest {

  /** A "server" that answers "from,limit" with rows whose key is >= from, sorted. */
  private static final class Table implements Session {
    final List<Long> keys;
    final List<String> queries = new ArrayList<>();

    Table(List<Long> keys) {
      this.keys = keys;
    }

    @Override
    public ResultRows run(String q, Duration timeout) {
      queries.add(q);
      String[] p = q.split(",");
      Long from = p[0].equals("null") ? null : Long.parseLong(p[0]);
      int limit = Integer.parseInt(p[1]);
      List<Object[]> rows = new ArrayList<>();
      for (int i = 0; i < keys.size() && rows.size() < limit; i++) {
        if (from == null || keys.get(i) >= from) {
          rows.add(new Object[] {keys.get(i), i});
        }
      }
      return ResultRows.of(List.of("k", "row"), rows);
    }

    @Override
    public ServerFacts facts(Duration timeout) {
      return ServerFacts.unknown();
    }

    @Override
    public ResultRows query(Definition d, Duration timeout) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void ping(Duration timeout) {}

    @Override
    public void close() {}
  }

  private static ResultRows read(Table t, int page) throws Exception {
    return KeysetPager.readAll(
        t,
        Deadline.in(Duration.ofSeconds(5)),
        Duration.ofSeconds(5),
        page,
        "k",
        (from, limit) -> from + "," + limit);
  }

  @Test
  void everyRowIsReadOnceAcrossPagesEvenWithRepeatedKeys() throws Exception {
    List<Long> keys = List.of(1L, 2L, 2L, 3L, 3L, 3L, 4L, 5L, 5L, 6L);
    Table t = new Table(keys);
    ResultRows all = read(t, 4);
    assertThat(all.rows())
        .extracting(r -> (Integer) r[1])
        .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    assertThat(t.queries.size()).isGreaterThan(2);
  }

  @Test
  void aSmallTableTakesOneQuery() throws Exception {
    Table t = new Table(List.of(1L, 2L));
    assertThat(read(t, 5000).rows()).hasSize(2);
    assertThat(t.queries).containsExactly("null,5000");
  }

  @Test
  void tooManyRowsOfOneKeyAreAnError() {
    Table t = new Table(List.of(1L, 1L, 1L, 2L));
    assertThatThrownBy(() -> read(t, 2)).hasMessageContaining("more than 2 rows share k");
  }
}
