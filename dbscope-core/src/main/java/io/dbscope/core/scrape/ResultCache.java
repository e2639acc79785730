package io.dbscope.core.scrape;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.definition.Definition;
import io.dbscope.core.metrics.SampleBatch;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last good samples of each collector of one datasource, served again while younger than the
 * collector's time to live. The ttl is the definition's own, overridden by the datasource's {@code
 * bigKeyDataCacheTime} for {@code cache: big} definitions and {@code alarmKeyCacheTime} for {@code
 * cache: alarm} ones when those are set (above zero).
 *
 * <p>Nothing older than its ttl is ever served: a collector that cannot refresh exports nothing and
 * {@code success=0}, not stale values.
 */
final class ResultCache {
  record Entry(SampleBatch samples, long atNanos) {
    Duration age(long now) {
      return Duration.ofNanos(now - atNanos);
    }
  }

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  static Duration ttl(Definition d, DatasourceConfig c) {
    return switch (d.cacheClass()) {
      case BIG -> c.bigKeyDataCacheTime().isZero() ? d.ttl() : c.bigKeyDataCacheTime();
      case ALARM -> c.alarmKeyCacheTime().isZero() ? d.ttl() : c.alarmKeyCacheTime();
      case DEFAULT -> d.ttl();
    };
  }

  /** The cached samples when they are younger than {@code ttl}. */
  Optional<Entry> fresh(String id, Duration ttl, long now) {
    if (ttl.isZero()) {
      return Optional.empty();
    }
    Entry e = entries.get(id);
    if (e == null || e.age(now).compareTo(ttl) >= 0) {
      return Optional.empty();
    }
    return Optional.of(e);
  }

  void put(String id, SampleBatch samples, long now) {
    entries.put(id, new Entry(samples, now));
  }

  void invalidate() {
    entries.clear();
  }
}
