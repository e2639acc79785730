package io.dbscope.engine.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.custom.QueryGuard;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Redis has no guard for custom queries yet (a command guard comes with the engines' own keys):
 * every custom query is refused with a readable reason, instead of passing a SQL guard that knows
 * nothing about Redis commands.
 */
class RedisQueryGuardTest {

  @Test
  void everyCustomQueryIsRefusedWithAReason() {
    QueryGuard guard = new RedisEngine().queryGuard(io.dbscope.core.config.EngineOptions.none());

    for (String query : List.of("INFO", "SELECT 1", "CONFIG SET maxmemory 1")) {
      QueryGuard.Verdict v = guard.check(query, false);
      assertThat(v.accepted()).as(query).isFalse();
      assertThat(v.reason())
          .isEqualTo(
              "engine redis cannot check custom queries; custom metrics are not supported for it");
    }
  }
}
