package io.dbscope.engine.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.engine.ResultRows;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WideRowTest {
  @Test
  void oneRowWithAColumnPerKeyAndTheConstantOne() {
    InfoText info =
        InfoText.parse(
            """
            # Server
            redis_version:7.0.15
            # Memory
            maxmemory_policy:noeviction
            # Replication
            role:master
            slave0:ip=10.0.0.2,port=6379,state=online,offset=42,lag=0
            """,
            Instant.EPOCH);

    ResultRows rows = WideRow.of(info, List.of("server", "replication"));

    assertThat(rows.columns().subList(0, 2)).containsExactly("redis_version", "role");
    assertThat(rows.columns().getLast()).isEqualTo("one");
    Object[] row = rows.rows().getFirst();
    assertThat(row[0]).isEqualTo("7.0.15");
    assertThat(row[1]).isEqualTo("master");
    assertThat(row[row.length - 1]).isEqualTo(1);
    // Not selected: the memory section's maxmemory_policy is a stable column, but NULL.
    assertThat(row[rows.indexOf("maxmemory_policy")]).isNull();
  }

  @Test
  void fieldsAServerHidesAreNullColumnsNotMissingOnes() {
    ResultRows rows = WideRow.of(InfoText.parse("# Server\nredis_version:7.2.4\n"), List.of());

    assertThat(rows.columns()).containsAll(WideRow.STABLE).endsWith("one");
    Object[] row = rows.rows().getFirst();
    assertThat(row[rows.indexOf("redis_version")]).isEqualTo("7.2.4");
    assertThat(row[rows.indexOf("run_id")]).isNull();
    assertThat(row[rows.indexOf("master_host")]).isNull();
  }

  @Test
  void aShapeMadeForOneReplyServesTheNextWithTheSameKeys() {
    WideRow.Shapes shapes = new WideRow.Shapes();
    KeyPool keys = new KeyPool();
    ResultRows first =
        WideRow.of(
            InfoText.parse("# Server\nredis_version:7.0.15\nuptime_in_seconds:5\n", keys),
            List.of("server"),
            shapes);
    ResultRows second =
        WideRow.of(
            InfoText.parse("# Server\nredis_version:7.0.15\nuptime_in_seconds:9\n", keys),
            List.of("server"),
            shapes);
    ResultRows other =
        WideRow.of(
            InfoText.parse("# Server\nredis_version:7.2.4\nrun_id:abc\n", keys),
            List.of("server"),
            shapes);

    assertThat(second.columns()).isSameAs(first.columns());
    assertThat(second.rows().getFirst()[second.indexOf("uptime_in_seconds")]).isEqualTo("9");
    assertThat(other.columns()).isNotSameAs(first.columns()).doesNotContain("uptime_in_seconds");
    assertThat(other.rows().getFirst()[other.indexOf("run_id")]).isEqualTo("abc");
    assertThat(other.rows().getFirst()[other.indexOf("redis_version")]).isEqualTo("7.2.4");
  }

  @Test
  void theFirstOfAKeyWinsAndAKeyNamedOneIsTheConstant() {
    WideRow.Shapes shapes = new WideRow.Shapes();
    String reply = "# Server\nRole:a\none:7\n# Replication\nrole:b\nx:1\n";
    for (int scrape = 0; scrape < 2; scrape++) {
      ResultRows rows = WideRow.of(InfoText.parse(reply), List.of(), shapes);

      assertThat(rows.columns()).containsOnlyOnce("role", "one").startsWith("role", "x");
      assertThat(rows.columns().getLast()).isEqualTo("one");
      Object[] row = rows.rows().getFirst();
      assertThat(row[rows.indexOf("role")]).isEqualTo("a");
      assertThat(row[rows.indexOf("x")]).isEqualTo("1");
      assertThat(row[row.length - 1]).isEqualTo(1);
    }
  }
}
