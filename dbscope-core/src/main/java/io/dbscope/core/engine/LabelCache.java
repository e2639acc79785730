package io.dbscope.core.engine;

import io.prometheus.metrics.model.snapshots.Labels;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The label sets of rows, kept from one scrape to the next and shared by the datasources of a
 * fleet. A row's labels are nearly always the ones it had last time (the same command, database,
 * table), and building a {@link Labels} is not cheap: client_java checks every label name with a
 * new UTF-8 encoder and buffers, which was the largest source of garbage in a scrape (measured with
 * JFR allocation samples on a fleet of 100 Redis datasources).
 *
 * <p>The sets hold the row's own labels only; a sample carries its datasource's labels beside them
 * (see {@code SampleBatch.Point}). With the datasource's labels in each set, every datasource kept
 * its own copy of the same command, bucket and table sets: 262,000 sets, 50 MB, two fifths of the
 * live heap of 1,000 mixed datasources.
 *
 * <p>Two generations bound the memory: a set not used while {@value #GENERATION} sets per user (a
 * datasource's mapper) came into the young generation falls out, so label values that never come
 * back (a process list, a changing query text) cost at most two generations. Thread-safe: the
 * collectors of a whole fleet use it at once.
 */
final class LabelCache {
  static final int GENERATION = 2048;

  private final LabelValues shared;
  private final AtomicInteger users = new AtomicInteger();
  private volatile ConcurrentHashMap<Key, Labels> young = new ConcurrentHashMap<>();
  private volatile ConcurrentHashMap<Key, Labels> old = new ConcurrentHashMap<>();

  LabelCache() {
    this(new LabelValues());
  }

  /**
   * @param shared one copy of each value
   */
  LabelCache(LabelValues shared) {
    this.shared = shared;
  }

  /** One more datasource uses the cache: the generations grow by {@value #GENERATION} sets. */
  void addUser() {
    users.incrementAndGet();
  }

  /**
   * The row's labels.
   *
   * @param names the row's label names; neither array may be changed by the caller afterwards
   */
  Labels get(String[] names, String[] values) {
    if (names.length == 0) {
      return Labels.EMPTY;
    }
    return lookup(new Key(names, values), false);
  }

  /**
   * A lookup for the rows of one mapping, whose label names are the same: one key and one value
   * array for all of them, the values filled in for each row, where each row made a key and an
   * array. Not thread-safe: one mapping's loop uses it.
   *
   * @param names the rows' label names, never changed afterwards
   */
  Rows rows(String[] names) {
    return new Rows(names);
  }

  /** See {@link #rows}. */
  final class Rows {
    private final Key probe;

    private Rows(String[] names) {
      this.probe = new Key(names, new String[names.length]);
    }

    /** The values of the next row, to be filled in before {@link #labels()}. */
    String[] values() {
      return probe.values;
    }

    /** The label set of the values filled in. */
    Labels labels() {
      if (probe.names.length == 0) {
        return Labels.EMPTY;
      }
      probe.rehash();
      return lookup(probe, true);
    }
  }

  /**
   * @param reused whether {@code key} is a {@link Rows} probe, whose values change: what goes into
   *     the map is then a copy
   */
  private Labels lookup(Key key, boolean reused) {
    ConcurrentHashMap<Key, Labels> y = young;
    Labels labels = y.get(key);
    if (labels != null) {
      return labels;
    }
    labels = old.get(key);
    if (labels == null) {
      // Kept for many scrapes: hold the fleet's copy of each value, not this row's.
      key = new Key(key.names, shared.of(key.values));
      labels = Labels.of(key.names, key.values);
    } else if (reused) {
      key = new Key(key.names, key.values.clone());
    }
    Labels raced = y.putIfAbsent(key, labels);
    if (y.size() >= (long) GENERATION * Math.max(1, users.get())) {
      rotate(y);
    }
    return raced != null ? raced : labels;
  }

  private synchronized void rotate(ConcurrentHashMap<Key, Labels> full) {
    if (young == full) {
      old = full;
      young = new ConcurrentHashMap<>();
    }
  }

  int size() {
    return young.size() + old.size();
  }

  private static final class Key {
    private final String[] names;
    private final String[] values;
    private int hash;

    Key(String[] names, String[] values) {
      this.names = names;
      this.values = values;
      rehash();
    }

    /** After a probe's values changed; a key in a map never changes. */
    void rehash() {
      this.hash = 31 * Arrays.hashCode(names) + Arrays.hashCode(values);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k
          && k.hash == hash
          && Arrays.equals(k.names, names)
          && Arrays.equals(k.values, values);
    }
  }
}
