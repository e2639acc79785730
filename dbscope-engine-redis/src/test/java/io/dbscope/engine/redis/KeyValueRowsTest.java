package io.dbscope.engine.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.engine.ResultRows;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyValueRowsTest {
  private static final InfoText INFO =
      InfoText.parse(
          """
          # Clients
          connected_clients:3
          # Persistence
          rdb_last_bgsave_status:ok
          # Replication
          role:master
          slave0:ip=10.0.0.2,port=6379,state=online,offset=42,lag=0
          # Keyspace
          db0:keys=3,expires=1,avg_ttl=500
          """,
          Instant.EPOCH);

  @Test
  void oneRowPerPlainLineWithoutRecords() {
    ResultRows rows = KeyValueRows.of(INFO, List.of());

    assertThat(rows.columns()).containsExactly("section", "key", "value");
    assertThat(rows.rows())
        .containsExactly(
            new Object[] {"clients", "connected_clients", "3"},
            new Object[] {"persistence", "rdb_last_bgsave_status", "ok"},
            new Object[] {"replication", "role", "master"});
  }

  @Test
  void onlyTheSelectedSections() {
    ResultRows rows = KeyValueRows.of(INFO, List.of("clients", "replication"));

    assertThat(rows.rows()).extracting(r -> r[1]).containsExactly("connected_clients", "role");
  }
}
