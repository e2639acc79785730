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
}
