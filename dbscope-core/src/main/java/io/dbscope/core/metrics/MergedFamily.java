package io.dbscope.core.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * One family of an {@link Exposition}: its batches' points, merged, and where each batch's end.
 *
 * <p>Most families come from one batch (every family of a single datasource's scrape), and are then
 * served as that batch's own points: a list of parts per family and scrape was a tenth of what a
 * Redis datasource's scrape allocated, and so were the blocks made for the first part, which are
 * now made when a second comes. The exposition holds these, not a family record over a view of its
 * points per family and scrape, which was as much again.
 */
final class MergedFamily implements TypedName {
  private final String name;
  private final MetricType type;
  private final String help;

  /** The first part: a list, or a {@link BatchColumns} and its family {@link #firstFamily}. */
  private Object first;

  private int firstFamily;
  private boolean firstOwned;

  /** Every part, once there is more than one; null until then. */
  private FamilyParts parts;

  private FamilyOrder.Blocks blocks;
  private int count;
  private int size;

  /** The points in a list of their own, sorted here ({@link #sortHere}); null until then. */
  private List<SampleBatch.Point> sorted;

  MergedFamily(String name, MetricType type, String help) {
    this.name = name;
    this.type = type;
    this.help = help;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public MetricType type() {
    return type;
  }

  String help() {
    return help;
  }

  int size() {
    return sorted != null ? sorted.size() : size;
  }

  /**
   * Adds a batch's points: {@code points}, or family {@code family} of {@code columns} when that is
   * not null; {@code owned}: see {@link FamilyOrder.Blocks#end}.
   */
  void add(List<SampleBatch.Point> points, BatchColumns columns, int family, boolean owned) {
    int n = columns == null ? points.size() : columns.end(family) - columns.start(family);
    if (count++ == 0) {
      first = columns == null ? points : columns;
      firstFamily = family;
      firstOwned = owned;
      size = n;
      return;
    }
    if (parts == null) {
      parts = new FamilyParts();
      addPart(first, firstFamily);
      blocks = new FamilyOrder.Blocks();
      blocks.end(size, firstOwned);
    }
    addPart(columns == null ? points : columns, family);
    size += n;
    blocks.end(size, owned);
  }

  @SuppressWarnings("unchecked")
  private void addPart(Object source, int family) {
    if (source instanceof BatchColumns c) {
      parts.add(c, family);
    } else {
      parts.add((List<SampleBatch.Point>) source);
    }
  }

  /** Whether some part is not its datasource's ordered batch: the family is sorted here. */
  boolean unowned() {
    return parts == null ? !firstOwned : blocks.unowned() > 0;
  }

  /**
   * Sorts the points into a list of their own, per block where it may ({@link FamilyOrder}), and
   * drops repeats; returns how many.
   */
  int sortHere() {
    List<SampleBatch.Point> all = new ArrayList<>(points());
    if (blocks != null) {
      FamilyOrder.sort(all, type, blocks);
    } else {
      FamilyOrder.sort(all, type);
    }
    sorted = all;
    return FamilyOrder.dropRepeats(all);
  }

  /** The points, for readers off the scrape's path: the text writer reads the parts. */
  @SuppressWarnings("unchecked")
  List<SampleBatch.Point> points() {
    if (sorted != null) {
      return sorted;
    }
    if (parts != null) {
      return parts;
    }
    return first instanceof BatchColumns c
        ? c.family(firstFamily)
        : (List<SampleBatch.Point>) first;
  }

  /**
   * The only part's batch when that is a {@link BatchColumns} and nothing was sorted, else null.
   */
  BatchColumns onlyColumns() {
    return sorted == null && parts == null && first instanceof BatchColumns c ? c : null;
  }

  /** The family of {@link #onlyColumns()} in its batch. */
  int onlyFamily() {
    return firstFamily;
  }

  /** The family as a record over its points (client_java's snapshots). */
  SampleBatch.Family family() {
    return new SampleBatch.Family(name, type, help, points());
  }
}
