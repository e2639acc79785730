package io.dbscope.engine.sql.analytics;

import java.time.Instant;
import java.util.Optional;

/**
 * Markers that tell whether the server's statistics restarted between two collections.
 *
 * @param serverStart the server's start time ({@code ServerFacts.startTime()}); a change means a
 *     restart, after which every fingerprint is re-baselined
 * @param statsReset the time of the last reset of all statement statistics (PostgreSQL 14+ {@code
 *     pg_stat_statements_info.stats_reset}), read after the statements; a change means every entry
 *     was recreated after the previous collection, so its values are all new
 */
public record StatsEpoch(Optional<Instant> serverStart, Optional<Instant> statsReset) {

  public static StatsEpoch unknown() {
    return new StatsEpoch(Optional.empty(), Optional.empty());
  }

  boolean restartedSince(StatsEpoch before) {
    return before != null
        && serverStart.isPresent()
        && before.serverStart.isPresent()
        && !serverStart.equals(before.serverStart);
  }

  boolean resetSince(StatsEpoch before) {
    return before != null
        && statsReset.isPresent()
        && before.statsReset.isPresent()
        && !statsReset.equals(before.statsReset);
  }
}
