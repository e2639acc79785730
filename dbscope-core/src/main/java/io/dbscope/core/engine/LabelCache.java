package io.dbscope.core.engine;

import io.prometheus.metrics.model.snapshots.Labels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The label sets of one datasource's rows, kept from one scrape to the next. A row's labels are
 * nearly always the ones it had last time (the same command, database, table), and building a
 * {@link Labels} is not cheap: client_java checks every label name with a new UTF-8 encoder and
 * buffers, which was the largest source of garbage in a scrape (measured with JFR allocation
 * samples on a fleet of 100 Redis datasources).
 *
 * <p>Two generations bound the memory: a set not seen for {@value #GENERATION} lookups falls out,
 * so label values that never come back (a process list, a changing query text) cost at most two
 * generations. Thread-safe, since the collectors of one datasource may run at once.
 */
final class LabelCache {
  static final int GENERATION = 2048;

  private final LabelValues shared;
  private Map<Key, Labels> young = new HashMap<>();
  private Map<Key, Labels> old = new HashMap<>();

  LabelCache() {
    this(new LabelValues());
  }

  /**
   * @param shared one copy of each value, shared with the other datasources' caches
   */
  LabelCache(LabelValues shared) {
    this.shared = shared;
  }

  /**
   * {@code constLabels} plus the row's labels; a row label of the same name wins.
   *
   * @param names the row's label names; neither array may be changed by the caller afterwards
   */
  synchronized Labels get(Labels constLabels, String[] names, String[] values) {
    if (names.length == 0) {
      return constLabels;
    }
    Key key = new Key(constLabels, names, values);
    Labels labels = young.get(key);
    if (labels != null) {
      return labels;
    }
    labels = old.remove(key);
    if (labels == null) {
      // Kept for many scrapes: hold the fleet's copy of each value, not this row's.
      key = new Key(constLabels, names, shared.of(values));
      labels = merge(constLabels, names, key.values);
    }
    if (young.size() >= GENERATION) {
      old = young;
      young = new HashMap<>();
    }
    young.put(key, labels);
    return labels;
  }

  synchronized int size() {
    return young.size() + old.size();
  }

  static Labels merge(Labels constLabels, String[] names, String[] values) {
    List<String> n = new ArrayList<>(constLabels.size() + names.length);
    List<String> v = new ArrayList<>(constLabels.size() + names.length);
    List<String> own = Arrays.asList(names);
    for (int i = 0; i < constLabels.size(); i++) {
      if (!own.contains(constLabels.getName(i))) {
        n.add(constLabels.getName(i));
        v.add(constLabels.getValue(i));
      }
    }
    n.addAll(own);
    v.addAll(Arrays.asList(values));
    return Labels.of(n, v);
  }

  /** Constant labels are compared by identity first: they are one object per datasource. */
  private static final class Key {
    private final Labels constLabels;
    private final String[] names;
    private final String[] values;
    private final int hash;

    Key(Labels constLabels, String[] names, String[] values) {
      this.constLabels = constLabels;
      this.names = names;
      this.values = values;
      this.hash =
          31 * (31 * System.identityHashCode(constLabels) + Arrays.hashCode(names))
              + Arrays.hashCode(values);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k
          && k.hash == hash
          && k.constLabels == constLabels
          && Arrays.equals(k.names, names)
          && Arrays.equals(k.values, values);
    }
  }
}
