package io.dbscope.engine.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.engine.ResultRows;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CLIENT LIST lines of Redis 7.0 and 6.0 (no ssub, no resp) into rows. */
class ClientListRowsTest {
  private static Object at(ResultRows rows, int row, String column) {
    return rows.rows().get(row)[ClientListRows.COLUMNS.indexOf(column)];
  }

  @Test
  void splitsTheAddressAndTurnsAgeAndIdleIntoTimestamps() {
    ResultRows rows =
        ClientListRows.of(
            "id=18 addr=[::1]:36526 laddr=127.0.0.1:16399 fd=8 name=app-1 age=10 idle=3 flags=N"
                + " db=2 sub=1 psub=0 ssub=0 multi=-1 qbuf=26 qbuf-free=20448 argv-mem=10"
                + " multi-mem=0 rbs=16384 rbp=16384 obl=0 oll=0 omem=0 tot-mem=37658 events=r"
                + " cmd=client|list user=default redir=-1 resp=2\n"
                + "id=5 addr=10.0.0.1:4000 fd=9 name= age=1 idle=1 flags=N db=0 sub=0 psub=0"
                + " qbuf=0 qbuf-free=0 obl=0 oll=0 omem=0 events=r cmd=ping\n",
            1_000);
    assertThat(rows.columns()).isEqualTo(ClientListRows.COLUMNS);
    assertThat(rows.rows()).hasSize(2);
    assertThat(List.of(at(rows, 0, "id"), at(rows, 0, "host"), at(rows, 0, "port")))
        .containsExactly("18", "[::1]", "36526");
    assertThat(at(rows, 0, "created_at")).isEqualTo(990L);
    assertThat(at(rows, 0, "idle_since")).isEqualTo(997L);
    assertThat(at(rows, 0, "tot_mem")).isEqualTo("37658");
    assertThat(at(rows, 0, "db")).isEqualTo("2");
    assertThat(at(rows, 1, "name")).isEqualTo("");
    assertThat(at(rows, 1, "ssub")).isNull();
    assertThat(at(rows, 1, "resp")).isEqualTo("");
  }
}
