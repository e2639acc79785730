package io.dbscope.server;

import io.dbscope.core.config.DbscopeConfig.GlobalConfig;
import io.dbscope.core.scrape.Deadline;
import java.time.Duration;

/**
 * Turns Prometheus' {@code X-Prometheus-Scrape-Timeout-Seconds} into the scrape's deadline (seed
 * 003, section 8.2): the header's value times {@code scrapeTimeoutFactor} (0.8 by default, leaving
 * time to write and transfer the answer), capped by {@code maxScrapeTimeout}; without the header,
 * {@code scrapeTimeout}.
 */
public final class ScrapeTimeout {
  private final GlobalConfig global;

  public ScrapeTimeout(GlobalConfig global) {
    this.global = global;
  }

  public Duration budget(String header) {
    Duration d = global.scrapeTimeoutDefault();
    if (header != null && !header.isBlank()) {
      try {
        double seconds = Double.parseDouble(header.trim());
        if (seconds > 0 && Double.isFinite(seconds)) {
          d = Duration.ofNanos((long) (seconds * global.scrapeTimeoutFactor() * 1e9));
        }
      } catch (NumberFormatException e) {
        // A malformed header is ignored: the configured default applies.
      }
    }
    return d.compareTo(global.scrapeTimeoutMax()) > 0 ? global.scrapeTimeoutMax() : d;
  }

  public Deadline deadline(String header) {
    return Deadline.in(budget(header));
  }
}
