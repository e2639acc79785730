package io.dbscope.core.scrape;

import java.util.Locale;

/** A datasource's health as the periodic check sees it (seed 003, M2-2). */
public enum HealthState {
  UNKNOWN,
  HEALTHY,
  UNHEALTHY,
  DISABLED;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
