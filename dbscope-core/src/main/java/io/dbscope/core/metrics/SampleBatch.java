package io.dbscope.core.metrics;

import io.prometheus.metrics.model.snapshots.Labels;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The samples one collector (or one datasource) produced, grouped by metric family. Owned by the
 * single thread that fills it; immutable once handed on (see {@link #seal()}).
 *
 * <p>Batches are cheap to merge into an {@link Exposition}, and a cached batch can be served again
 * without re-running its query.
 */
public final class SampleBatch {
  private Map<String, Family> families;

  /**
   * An ordered batch's families and points, in place of the map: held until the fleet's answer is
   * written (see there).
   */
  private BatchColumns columns;

  /** {@link #columns}' families as a list, made when first asked for. */
  private List<Family> views;

  /**
   * The point list of a family this batch made, and so may add to. A family whose list is not one
   * of these, or another batch's, was taken over whole from a sealed batch by {@link #addAll}: a
   * datasource's batch is mostly its collectors' own batches, and copying them was a second
   * allocation of every sample of every scrape. Such a family is copied before this batch adds to
   * it. The owner is in the list, not in a set of borrowed names beside the map, which was made
   * again for every datasource's batch of every scrape.
   */
  @SuppressWarnings("serial") // never serialized
  private static final class OwnPoints extends ArrayList<Point> {
    private final transient SampleBatch owner;

    /**
     * What the list can hold without growing, as far as this class asked for it (the list may hold
     * more). Most families of a key-value mapping (a Redis INFO's, a MySQL status's) have one
     * point: the ten places an empty list makes at its first add were a fifth of what mapping INFO
     * allocated. A list starts with one place and then doubles, so a family of 150 points (MySQL's
     * commands) is not copied more often than at the default growth.
     */
    private int room;

    OwnPoints(SampleBatch owner) {
      super(1);
      this.owner = owner;
      this.room = 1;
    }

    OwnPoints(SampleBatch owner, List<Point> points) {
      super(points);
      this.owner = owner;
      this.room = points.size();
    }

    void put(Point p) {
      if (size() >= room) {
        // From the size, not the room: points added through addAll grew the list unasked.
        room(Math.max(2 * size(), 1));
      }
      add(p);
    }

    void room(int points) {
      if (points > room) {
        ensureCapacity(points);
        room = points;
      }
    }
  }

  private boolean owns(Family f) {
    return f.points() instanceof OwnPoints own && own.owner == this;
  }

  private boolean sealed;
  private int size;

  /** What {@link #order()} found. */
  private String owner;

  private int repeats;

  public SampleBatch() {
    this(0);
  }

  /**
   * A batch for about {@code expectedFamilies} families, sized for them at once: a datasource's
   * batch, taking in its collectors' 200 families, otherwise grew its tables five times in every
   * scrape.
   */
  public SampleBatch(int expectedFamilies) {
    this.families =
        expectedFamilies <= 0
            ? new LinkedHashMap<>()
            : LinkedHashMap.newLinkedHashMap(expectedFamilies);
  }

  /** One metric family: name, type, help and its points in insertion order. */
  public record Family(String name, MetricType type, String help, List<Point> points)
      implements TypedName {}

  /**
   * One sample; {@code suffix} is what its name adds to the family's ({@code _bucket}, {@code
   * _sum}, {@code _count} in a histogram; empty otherwise).
   *
   * <p>Its labels come in two parts: the row's own, which the datasources of a fleet share (1,000
   * Redis datasources have the same command and bucket label sets), and the labels on every sample
   * of its datasource, one object per datasource; a row label of the same name wins. Keeping each
   * datasource's labels inside every set made a copy of each set per datasource, two fifths of the
   * live heap of 1,000 datasources. {@link #labels()} joins them, for readers off the scrape path.
   */
  public record Point(Labels rowLabels, Labels constLabels, double value, String suffix) {
    public Point(Labels labels, double value) {
      this(labels, Labels.EMPTY, value, "");
    }

    public Point(Labels labels, double value, String suffix) {
      this(labels, Labels.EMPTY, value, suffix);
    }

    /** All of the sample's labels, sorted by name, as one label set. */
    public Labels labels() {
      return PointLabels.joined(rowLabels, constLabels);
    }

    /** The value of label {@code name}, or null. */
    public String label(String name) {
      String v = rowLabels.get(name);
      return v != null ? v : constLabels.get(name);
    }

    /** The sample's name in a family named {@code family}. */
    public String name(String family) {
      return suffix.isEmpty() ? family : family + suffix;
    }
  }

  /**
   * Adds a sample. The first type and help seen for a name win; a later sample with another type is
   * dropped (and reported by the caller's checks in tests), since one family cannot have two types.
   *
   * @return false when the sample was dropped because of a type clash
   */
  public boolean add(String name, MetricType type, String help, Labels labels, double value) {
    return add(name, "", type, help, labels, value);
  }

  /**
   * Adds a sample named {@code name + suffix} to the family {@code name}: a histogram's {@code
   * _bucket} (with an {@code le} label), {@code _sum} and {@code _count}.
   */
  public boolean add(
      String name, String suffix, MetricType type, String help, Labels labels, double value) {
    return add(name, type, help, new Point(labels, Labels.EMPTY, value, suffix));
  }

  /**
   * Adds a sample whose labels are a row's own ({@code rowLabels}) and its datasource's ({@code
   * constLabels}); see {@link Point}.
   */
  public boolean add(
      String name,
      String suffix,
      MetricType type,
      String help,
      Labels rowLabels,
      Labels constLabels,
      double value) {
    return add(name, type, help, new Point(rowLabels, constLabels, value, suffix));
  }

  /**
   * Makes room for {@code points} points in all in the family {@code name}, if it exists and this
   * batch made it: a mapping that knows how many rows are coming says so after its first row, and
   * the family's list does not grow by half, again and again, to hold them.
   */
  public void room(String name, int points) {
    Family f = families.get(name);
    if (f != null && owns(f)) {
      ((OwnPoints) f.points()).room(points);
    }
  }

  /** Adds a point as it is (from another batch) to the family {@code name}. */
  public boolean add(String name, MetricType type, String help, Point point) {
    Family f = writable(name, type, help);
    if (f == null) {
      return false;
    }
    ((OwnPoints) f.points()).put(point);
    size++;
    return true;
  }

  /**
   * Adds every sample of another batch. The points are shared, not copied (they are immutable), and
   * so are whole families of a sealed batch that this one does not have yet.
   */
  public void addAll(SampleBatch other) {
    // An ordered batch has dropped its repeats already; they still count in the answer's.
    repeats += other.repeats;
    for (Family f : other.families()) {
      if (other.sealed && !families.containsKey(f.name())) {
        if (sealed) {
          throw new IllegalStateException("batch is sealed");
        }
        families.put(f.name(), f);
        size += f.points().size();
        continue;
      }
      Family into = writable(f.name(), f.type(), f.help());
      if (into != null) {
        into.points().addAll(f.points());
        size += f.points().size();
      }
    }
  }

  /** The family {@code name} to add to, made or copied as needed; null on a type clash. */
  private Family writable(String name, MetricType type, String help) {
    if (sealed) {
      throw new IllegalStateException("batch is sealed");
    }
    Family f = families.get(name);
    if (f == null) {
      f = new Family(name, type, help, new OwnPoints(this));
      families.put(name, f);
      return f;
    }
    if (f.type() != type) {
      return null;
    }
    if (!owns(f)) {
      f = new Family(name, f.type(), f.help(), new OwnPoints(this, f.points()));
      families.put(name, f);
    }
    return f;
  }

  /**
   * Puts every family in the order the exposition writes it ({@link FamilyOrder}) and drops
   * repeated samples (the same labels twice; the first stays), then seals the batch. A datasource's
   * batch is ordered on the datasource's own thread as it finishes: sorting a fleet's families
   * after every datasource was done was a seventh of the CPU of 1,000 datasources, on one thread
   * while the scrape waited.
   */
  public SampleBatch order() {
    return order(null);
  }

  /**
   * {@link #order()}, using again the orders of the datasource's last batch where its families came
   * the same way ({@link OrderMemo}).
   *
   * @param datasourceMemo the datasource's, or null
   */
  public SampleBatch order(OrderMemo datasourceMemo) {
    if (sealed) {
      throw new IllegalStateException("batch is sealed");
    }
    OrderMemo memo = datasourceMemo != null && datasourceMemo.on() ? datasourceMemo : null;
    String seen = null;
    boolean one = true;
    Labels lastConst = null;
    String constDatasource = null;
    Family[] out = new Family[families.size()];
    int k = 0;
    for (Family f : families.values()) {
      List<Point> points;
      int dropped;
      // An off memo knows the families that came out of order last time: no pass to find that
      // they do again (a histogram's, scanned up to its first sum, at every scrape).
      boolean remembered = memo != null || datasourceMemo != null && datasourceMemo.knows(f.name());
      if (!owns(f) && f.points() instanceof FamilyColumns ordered) {
        // A family of another ordered batch (a cached collector's, ordered once when it was
        // collected), here alone: in order already, and taken in that order, not sorted again.
        points = ordered;
        dropped = 0;
      } else if (!remembered && FamilyOrder.inOrder(f.points(), f.type())) {
        // Most families of a fleet's datasource (whose memo is off) come in order: one pass,
        // instead of a sort's and then another to find repeats, which in order it cannot have.
        points = f.points();
        dropped = 0;
      } else if (datasourceMemo != null) {
        // On, or off (a fleet's) and holding the orders of the families that came out of order.
        points = datasourceMemo.order(f.name(), f.type(), f.points());
        dropped = f.points().size() - points.size();
      } else {
        // Another batch's list (maybe a cached one) is sorted in a copy.
        points = owns(f) ? f.points() : new ArrayList<>(f.points());
        FamilyOrder.sort(points, f.type());
        dropped = FamilyOrder.dropRepeats(points);
      }
      repeats += dropped;
      size -= dropped;
      // Read from the columns where there are columns: a point read from them is a new object.
      FamilyColumns cols = points instanceof FamilyColumns fc ? fc : null;
      for (int i = 0; one && i < points.size(); i++) {
        Point p = cols == null ? points.get(i) : null;
        String ds = FamilyOrder.datasource(p == null ? cols.rowLabels(i) : p.rowLabels());
        if (ds == null) {
          // Nearly every point has its datasource's labels, one set: read once, not per point.
          Labels c = p == null ? cols.constLabels(i) : p.constLabels();
          if (c != lastConst) {
            lastConst = c;
            constDatasource = FamilyOrder.datasource(c);
          }
          ds = constDatasource;
        }
        if (seen == null) {
          seen = ds;
        }
        one = ds != null && (ds == seen || ds.equals(seen));
      }
      out[k++] = points == f.points() ? f : new Family(f.name(), f.type(), f.help(), points);
    }
    // Kept until the whole fleet's answer is written: as columns, not objects (see there).
    columns = new BatchColumns(memo != null ? memo.sortFamilies(out) : out);
    families = Map.of();
    if (datasourceMemo != null) {
      datasourceMemo.done();
      datasourceMemo.counted(out.length);
    }
    owner = one ? seen : null;
    return seal();
  }

  /**
   * The {@code datasource} label of every sample, when {@link #order()} ran and found one value
   * only; null otherwise.
   */
  String owner() {
    return columns != null ? owner : null;
  }

  /** Samples {@link #order()} dropped as repeats. */
  int repeats() {
    return repeats;
  }

  /** Makes the batch read-only, so that it can be cached and shared between threads. */
  public SampleBatch seal() {
    sealed = true;
    return this;
  }

  public Collection<Family> families() {
    if (columns == null) {
      return Collections.unmodifiableCollection(families.values());
    }
    if (views == null) {
      Family[] all = new Family[columns.families()];
      for (int i = 0; i < all.length; i++) {
        all[i] = new Family(columns.name(i), columns.type(i), columns.help(i), columns.family(i));
      }
      views = List.of(all);
    }
    return views;
  }

  /**
   * The family named {@code name}, or null. A batch read from its columns makes a view of that
   * family only, where {@link #families} makes one of each and keeps them: the console, which reads
   * four families of every datasource's batch at every scrape, made 129,000 views a scrape (6 MB)
   * for the mixed fleet of 1,000 that way, held until the answer was written.
   */
  public Family family(String name) {
    if (columns == null) {
      return families.get(name);
    }
    for (int i = 0; i < columns.families(); i++) {
      if (columns.name(i).equals(name)) {
        return new Family(name, columns.type(i), columns.help(i), columns.family(i));
      }
    }
    return null;
  }

  /** The batch as columns once it is ordered, else null. */
  BatchColumns columns() {
    return columns;
  }

  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }
}
