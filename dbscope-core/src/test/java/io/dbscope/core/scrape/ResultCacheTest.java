package io.dbscope.core.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.definition.CacheClass;
import io.dbscope.core.metrics.SampleBatch;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ResultCacheTest {
  private static final long S = Duration.ofSeconds(1).toNanos();
  private static final Duration TTL = Duration.ofSeconds(30);

  /** First results live their whole ttl here, as every later one does. */
  private final ResultCache cache = new ResultCache(ttl -> ttl);

  private final SampleBatch samples = new SampleBatch().seal();

  @Test
  void servedWhileYoungerThanTheTtlAndNeverAfter() {
    cache.put("c", samples, 100 * S, TTL);

    assertThat(cache.fresh("c", Duration.ofSeconds(30), 100 * S)).isPresent();
    assertThat(cache.fresh("c", Duration.ofSeconds(30), 129 * S).orElseThrow().age(129 * S))
        .isEqualTo(Duration.ofSeconds(29));
    assertThat(cache.fresh("c", Duration.ofSeconds(30), 130 * S)).isEmpty();
    assertThat(cache.fresh("other", Duration.ofSeconds(30), 100 * S)).isEmpty();
  }

  @Test
  void firstResultsLiveBetweenHalfAndAllOfTheirTtlAndLaterOnesAllOfIt() {
    ResultCache spread = new ResultCache();
    long shortest = Long.MAX_VALUE;
    long longest = 0;
    for (int i = 0; i < 100; i++) {
      String id = "c" + i;
      spread.put(id, samples, 0, TTL);
      long life = lifeOf(spread, id);
      assertThat(life).isBetween(15 * S, 30 * S);
      shortest = Math.min(shortest, life);
      longest = Math.max(longest, life);
    }
    assertThat(shortest).as("phases spread over the ttl").isLessThan(22 * S);
    assertThat(longest).isGreaterThan(23 * S);

    spread.put("c0", samples, 100 * S, TTL);
    assertThat(lifeOf(spread, "c0") - 100 * S).isEqualTo(30 * S);
    spread.invalidate();
    spread.put("c0", samples, 200 * S, TTL);
    assertThat(lifeOf(spread, "c0") - 200 * S).isBetween(15 * S, 30 * S);
  }

  /** When the entry of {@code id} stops being served, to the second. */
  private static long lifeOf(ResultCache c, String id) {
    long at = 0;
    while (c.fresh(id, TTL, at).isPresent() && at <= 1000 * S) {
      at += S;
    }
    return at;
  }

  @Test
  void aZeroTtlIsNeverServed() {
    cache.put("c", samples, 0, Duration.ZERO);

    assertThat(cache.fresh("c", Duration.ZERO, 0)).isEmpty();
  }

  @Test
  void invalidateForgetsEverything() {
    cache.put("c", samples, 0, TTL);

    cache.invalidate();

    assertThat(cache.fresh("c", Duration.ofSeconds(30), 0)).isEmpty();
  }

  @Test
  void datasourceCacheTimesOverrideBigAndAlarmCollectorsOnly() {
    DatasourceConfig set =
        DatasourceConfig.builder("a", "postgres")
            .bigKeyDataCacheTime(Duration.ofMinutes(5))
            .alarmKeyCacheTime(Duration.ofSeconds(7))
            .build();
    DatasourceConfig unset = DatasourceConfig.builder("a", "postgres").build();
    Duration own = Duration.ofSeconds(15);

    assertThat(ResultCache.ttl(ScriptedEngine.definition("b", own, CacheClass.BIG), set))
        .isEqualTo(Duration.ofMinutes(5));
    assertThat(ResultCache.ttl(ScriptedEngine.definition("a", own, CacheClass.ALARM), set))
        .isEqualTo(Duration.ofSeconds(7));
    assertThat(ResultCache.ttl(ScriptedEngine.definition("d", own, CacheClass.DEFAULT), set))
        .isEqualTo(own);
    assertThat(ResultCache.ttl(ScriptedEngine.definition("b", own, CacheClass.BIG), unset))
        .isEqualTo(own);
  }
}
