package io.dbscope.core.scrape;

import java.time.Instant;

/**
 * One collector of a datasource as the HTTP API and console show it: whether it is planned for the
 * connected server (and if not, why), and how its last run went. A snapshot, read from other
 * threads than the collecting one.
 *
 * @param id the collector id, the {@code collector} label of the self-metrics
 * @param kind {@code built-in}, {@code custom} or {@code stateful}
 * @param planned whether it runs on the connected server
 * @param skipReason why it does not run; empty when planned
 * @param lastRun when it last ran (or was served from the cache, or could not start); null before
 * @param lastSuccess when it last gave samples; null before
 * @param lastSeconds how long its last run took
 * @param cacheAgeSeconds the age of the cached result its last run served, 0 for a fresh one, NaN
 *     when it is not cached
 * @param errors failed runs since the datasource started
 * @param lastError why its last run failed; empty when it succeeded
 */
public record CollectorStatus(
    String id,
    String kind,
    boolean planned,
    String skipReason,
    Instant lastRun,
    Instant lastSuccess,
    double lastSeconds,
    double cacheAgeSeconds,
    long errors,
    String lastError) {

  static CollectorStatus skipped(String id, String kind, String reason) {
    return new CollectorStatus(id, kind, false, reason, null, null, Double.NaN, Double.NaN, 0, "");
  }
}
