package io.dbscope.engine.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbscope.core.engine.ResultRows;
import org.junit.jupiter.api.Test;

class BufferLimitRowsTest {
  @Test
  void twoRowsPerClientClassInClassOrder() {
    ResultRows rows =
        BufferLimitRows.of("normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60");

    assertThat(rows.columns()).containsExactly("class", "limit", "bytes", "seconds");
    assertThat(rows.rows())
        .containsExactly(
            new Object[] {"normal", "hard", "0", null},
            new Object[] {"normal", "soft", "0", "0"},
            new Object[] {"pubsub", "hard", "33554432", null},
            new Object[] {"pubsub", "soft", "8388608", "60"},
            new Object[] {"slave", "hard", "268435456", null},
            new Object[] {"slave", "soft", "67108864", "60"});
  }

  @Test
  void aValueThatIsNotGroupsOfFourIsAnError() {
    assertThatThrownBy(() -> BufferLimitRows.of("normal 0 0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("normal 0 0");
  }
}
