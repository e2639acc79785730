package io.dbscope.core.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.definition.CacheClass;
import io.dbscope.core.metrics.SampleBatch;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ResultCacheTest {
  private static final long S = Duration.ofSeconds(1).toNanos();
  private final ResultCache cache = new ResultCache();
  private final SampleBatch samples = new SampleBatch().seal();

  @Test
  void servedWhileYoungerThanTheTtlAndNeverAfter() {
    cache.put("c", samples, 100 * S);

    assertThat(cache.fresh("c", Duration.ofSeconds(30), 100 * S)).isPresent();
    assertThat(cache.fresh("c", Duration.ofSeconds(30), 129 * S).orElseThrow().age(129 * S))
        .isEqualTo(Duration.ofSeconds(29));
    assertThat(cache.fresh("c", Duration.ofSeconds(30), 130 * S)).isEmpty();
    assertThat(cache.fresh("other", Duration.ofSeconds(30), 100 * S)).isEmpty();
  }

  @Test
  void aZeroTtlIsNeverServed() {
    cache.put("c", samples, 0);

    assertThat(cache.fresh("c", Duration.ZERO, 0)).isEmpty();
  }

  @Test
  void invalidateForgetsEverything() {
    cache.put("c", samples, 0);

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
