package io.dbscope.core.scrape;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.definition.Definition;
import io.dbscope.core.metrics.SampleBatch;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongUnaryOperator;

/**
 * The last good samples of each collector of one datasource, served again while younger than the
 * collector's time to live. The ttl is the definition's own, overridden by the datasource's {@code
 * bigKeyDataCacheTime} for {@code cache: big} definitions and {@code alarmKeyCacheTime} for {@code
 * cache: alarm} ones when those are set (above zero).
 *
 * <p>Nothing older than its ttl is ever served: a collector that cannot refresh exports nothing and
 * {@code success=0}, not stale values.
 *
 * <p>A collector's first result on a datasource lives a random part of its ttl, between half and
 * all of it; the later ones the whole ttl. Datasources that start together (a fleet after a start
 * or reload) would otherwise refresh their slow collectors in the same scrape, ttl after ttl: 50
 * PostgreSQL databases of one server summing their database sizes at once took 1.1 to 1.6 s each,
 * where one alone takes 45 ms ({@code pg_stat_statements} of the scale fleet). Spread, each
 * datasource keeps its own phase.
 */
final class ResultCache {
  record Entry(SampleBatch samples, long atNanos, long lifeNanos) {
    Duration age(long now) {
      return Duration.ofNanos(now - atNanos);
    }
  }

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  /** The life of a collector's first result, given its ttl in nanoseconds. */
  private final LongUnaryOperator firstLife;

  ResultCache() {
    this(ttl -> ttl / 2 + ThreadLocalRandom.current().nextLong(ttl - ttl / 2 + 1));
  }

  ResultCache(LongUnaryOperator firstLife) {
    this.firstLife = firstLife;
  }

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
    if (e == null || now - e.atNanos() >= Math.min(ttl.toNanos(), e.lifeNanos())) {
      return Optional.empty();
    }
    return Optional.of(e);
  }

  /** Keeps {@code samples} of collector {@code id}, collected at {@code now}, for {@code ttl}. */
  void put(String id, SampleBatch samples, long now, Duration ttl) {
    long life = ttl.toNanos();
    entries.compute(
        id, (k, old) -> new Entry(samples, now, old == null ? firstLife.applyAsLong(life) : life));
  }

  void invalidate() {
    entries.clear();
  }
}
