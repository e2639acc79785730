package io.dbscope.core.metrics;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The order each family of one datasource's batch was put in at its last collection, used again
 * when the family comes the same way.
 *
 * <p>A datasource's families come in the same order at every scrape (Redis's INFO lines, a query's
 * rows), and their row labels are the very same objects from scrape to scrape (the engine's label
 * cache). Sorting them again was a tenth of a Redis scrape's CPU. A family is served from here only
 * when every point has the same row labels, datasource labels (both by identity; label sets are
 * immutable) and suffix at the same place as last time: then sorting it again would give the same
 * order and drop the same repeats. Anything else is sorted as before, and that order remembered.
 *
 * <p>Holds about 8 bytes a sample between scrapes, within a {@link Budget} that the datasources of
 * a fleet share: in a fleet of 1,000 the sorts run on the datasources' own threads side by side and
 * cost the scrape little, while the memos would have held 8 MB more of live heap (measured: no CPU
 * gained, RSS up). A memo the budget could not hold is off: then its datasource's batch checks each
 * family's order in one pass, and only the families that did not come in order are served from here
 * (without that pass the next time), up to {@link #OFF_POINTS} points (Redis's latency histogram
 * and summary, whose buckets and sums come from two commands: sorting them was a twentieth of a
 * mixed fleet's CPU). Used by one collection at a time: a datasource collects once per scrape.
 */
public final class OrderMemo {
  private final Budget budget;
  private Map<String, Order> orders = new HashMap<>();
  private Map<String, Order> next = new HashMap<>();
  private long reused;

  /** Points held in {@link #orders}, taken from the budget. */
  private long held;

  /** False once a batch did not fit in the budget: from then on the datasource sorts as before. */
  private boolean on = true;

  private Families families = Families.NONE;

  /**
   * Points a memo that is off keeps the orders of: those of the families that came out of order, a
   * few hundred in a Redis datasource's batch; a batch with more sorts them as before.
   */
  static final int OFF_POINTS = 4096;

  /** Families of the datasource's last batch, kept whether the memo is on or not. */
  private int count;

  /** How many points the memos of a fleet may hold together. Thread-safe. */
  public static final class Budget {
    private final AtomicLong left;

    public Budget(long points) {
      left = new AtomicLong(points);
    }

    boolean take(long points) {
      long l;
      do {
        l = left.get();
        if (l < points) {
          return false;
        }
      } while (!left.compareAndSet(l, l - points));
      return true;
    }

    void give(long points) {
      left.addAndGet(points);
    }
  }

  /** A memo of its own (tests, a datasource alone). */
  public OrderMemo() {
    this(new Budget(Long.MAX_VALUE / 2));
  }

  public OrderMemo(Budget budget) {
    this.budget = budget;
  }

  /**
   * The last batch's family names and types as they came, their names to client_java ({@link
   * Exposition#sortName}), {@code order}: their indexes by that name, stable, and {@code repeats}:
   * whether the family at each place of that order has the name of the one before. Read only.
   */
  record Families(
      String[] names, MetricType[] types, String[] sortNames, int[] order, boolean[] repeats) {
    static final Families NONE =
        new Families(new String[0], new MetricType[0], new String[0], new int[0], new boolean[0]);

    static Families of(TypedName[] families) {
      int n = families.length;
      String[] names = new String[n];
      MetricType[] types = new MetricType[n];
      String[] sortNames = new String[n];
      for (int i = 0; i < n; i++) {
        names[i] = families[i].name();
        types[i] = families[i].type();
        sortNames[i] = Exposition.sortName(families[i]);
      }
      int[] order = FamilyOrder.indexesBy(n, (a, b) -> sortNames[a].compareTo(sortNames[b]));
      boolean[] repeats = new boolean[n];
      for (int k = 1; k < n; k++) {
        repeats[k] = sortNames[order[k]].equals(sortNames[order[k - 1]]);
      }
      return new Families(names, types, sortNames, order, repeats);
    }

    boolean cameAs(TypedName[] families) {
      if (families.length != names.length) {
        return false;
      }
      for (int i = 0; i < names.length; i++) {
        if (!families[i].name().equals(names[i]) || families[i].type() != types[i]) {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * A family's points as they came last time, and {@code kept}: the index of each point of the
   * ordered family in that input, repeats left out.
   */
  private record Order(PointColumns points, int[] kept) {}

  /**
   * {@code points} ordered as {@link FamilyOrder#sort(List, MetricType)} orders them, repeats
   * dropped as {@link FamilyOrder#dropRepeats} drops them; {@code points} is not changed.
   */
  synchronized List<SampleBatch.Point> order(
      String family, MetricType type, List<SampleBatch.Point> points) {
    if (points.size() < 2) {
      return points;
    }
    // An array, not the list: a list may make its points anew at each get (FamilyColumns).
    List<SampleBatch.Point> in = Arrays.asList(points.toArray(new SampleBatch.Point[0]));
    Order o = orders.get(family);
    if (o != null && o.points().sameSeries(in)) {
      reused++;
    } else {
      o = new Order(PointColumns.columns(in), FamilyOrder.sortedKept(in, type));
    }
    next.put(family, o);
    SampleBatch.Point[] out = new SampleBatch.Point[o.kept().length];
    for (int i = 0; i < out.length; i++) {
      out[i] = in.get(o.kept()[i]);
    }
    return Arrays.asList(out);
  }

  /** Whether the last batch's family {@code family} has its order here. */
  synchronized boolean knows(String family) {
    return orders.containsKey(family);
  }

  /**
   * {@code families} in the order of their names in the exposition ({@link Exposition#sortName}),
   * so that merging batches finds them in runs. {@code families} is not changed.
   */
  synchronized SampleBatch.Family[] sortFamilies(SampleBatch.Family[] in) {
    Families f = families(in);
    SampleBatch.Family[] out = new SampleBatch.Family[in.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = in[f.order()[i]];
    }
    return out;
  }

  /**
   * The order of {@code in} by exposition name, the last one's when the families came the same way.
   * Also used for a whole answer's families, whose names and order change as seldom ({@link
   * Exposition.Builder#build(OrderMemo)}).
   */
  synchronized Families families(TypedName[] in) {
    if (!families.cameAs(in)) {
      families = Families.of(in);
    }
    return families;
  }

  /**
   * Ends a batch: the families it did not have are forgotten, and all are when the budget cannot
   * hold this batch's (the memo is off from then on); an off memo forgets all past {@link
   * #OFF_POINTS}.
   */
  synchronized void done() {
    long now = on ? families.names().length : 0;
    for (Order o : next.values()) {
      now += o.points().size();
    }
    Map<String, Order> last = orders;
    orders = next;
    last.clear();
    next = last;
    if (!on) {
      // Not taken from the budget: a fleet's datasources hold a few KB each this way.
      if (now > OFF_POINTS) {
        orders.clear();
      }
    } else if (now <= held) {
      budget.give(held - now);
      held = now;
    } else if (budget.take(now - held)) {
      held = now;
    } else {
      forget();
      on = false;
    }
  }

  /** Whether the memo is used: false once the fleet's budget could not hold its datasource's. */
  synchronized boolean on() {
    return on;
  }

  /** Families of the datasource's last batch, which its next one is sized for; 0 before it. */
  public synchronized int familyCount() {
    return count;
  }

  synchronized void counted(int families) {
    count = families;
  }

  /** Forgets every order and gives back what they held. */
  public synchronized void forget() {
    // New maps: cleared ones would keep their tables, a kilobyte or two per datasource of a fleet.
    orders = new HashMap<>();
    next = new HashMap<>();
    families = Families.NONE;
    budget.give(held);
    held = 0;
  }

  /** Families whose order was used again, since this memo was made. */
  synchronized long reused() {
    return reused;
  }
}
