package io.dbscope.engine.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** redis_exporter's value syntax of the key-check keys, and what the loader refuses. */
class RedisKeyOptionsTest {
  @Test
  void itemsWithAndWithoutADatabase() {
    assertThat(RedisKeyOptions.parse(" user:*, db3=sessions:* ,"))
        .containsExactly(
            new RedisKeyOptions.Item(-1, "user:*"), new RedisKeyOptions.Item(3, "sessions:*"));
    assertThat(RedisKeyOptions.parse("")).isEmpty();
  }

  @Test
  void badItemsAndPatternsAreRefusedAtLoad() {
    assertThat(RedisKeyOptions.problems("a,,b")).hasSize(1);
    assertThat(RedisKeyOptions.problems("db1=")).hasSize(1);
    assertThat(RedisKeyOptions.problems("a:*,db2=b")).isEmpty();
    assertThat(RedisKeyOptions.CHECK_KEY_GROUPS.check().apply("^(%a+):,%b()"))
        .isEqualTo(List.of("pattern '%b()': %b is not supported"));
  }
}
