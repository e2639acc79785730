package io.dbscope.core.config;

/** Scrape priority of a datasource (seed 003, section 2.2): 1 is collected first. */
public enum Priority {
  HIGH(1),
  MEDIUM(2),
  LOW(3);

  private final int level;

  Priority(int level) {
    this.level = level;
  }

  public int level() {
    return level;
  }

  public static Priority ofLevel(int level) {
    for (Priority p : values()) {
      if (p.level == level) {
        return p;
      }
    }
    throw new IllegalArgumentException("priority must be 1, 2 or 3, not " + level);
  }
}
