package io.dbscope.core.engine;

import java.util.concurrent.ConcurrentHashMap;

/**
 * One copy of each label value for the label caches of a fleet: the datasources of one engine read
 * the same command names, databases and states, each as new strings every scrape, and each cache
 * kept its own. Bounded: past {@value #LIMIT} distinct values (a process list, changing query
 * texts), new values are kept as they come.
 */
final class LabelValues {
  static final int LIMIT = 65_536;
  private final ConcurrentHashMap<String, String> values = new ConcurrentHashMap<>();

  /** A copy of {@code row} holding the shared instance of each value. */
  String[] of(String[] row) {
    String[] out = new String[row.length];
    for (int i = 0; i < row.length; i++) {
      out[i] = one(row[i]);
    }
    return out;
  }

  private String one(String v) {
    String known = values.get(v);
    if (known != null) {
      return known;
    }
    if (values.size() >= LIMIT) {
      return v;
    }
    known = values.putIfAbsent(v, v);
    return known != null ? known : v;
  }
}
