package io.dbscope.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeySeriesTest {
  @Test
  void aCounterMatchesWithOrWithoutItsTotal() {
    assertThat(KeySeries.sameName("redis_commands_processed", "redis_commands_processed_total"))
        .isTrue();
    assertThat(KeySeries.sameName("redis_commands_processed_total", "redis_commands_processed"))
        .isTrue();
    assertThat(KeySeries.sameName("pg_query_calls_total", "pg_query_calls_total")).isTrue();
  }

  @Test
  void otherNamesDoNotMatch() {
    assertThat(KeySeries.sameName("redis_commands", "redis_commands_processed_total")).isFalse();
    assertThat(KeySeries.sameName("redis_commands_processed_sum", "redis_commands_processed"))
        .isFalse();
    assertThat(KeySeries.sameName("redis_commands_processed_totalx", "redis_commands_processed"))
        .isFalse();
    assertThat(KeySeries.sameName("x_total", "y")).isFalse();
  }
}
