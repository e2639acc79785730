package io.dbscope.core.metrics;

import io.prometheus.metrics.model.snapshots.Labels;
import java.util.List;

/**
 * An ordered batch as one set of columns: its families' names, types, helps and where each ends,
 * and every point's row labels and value, in arrays; the datasource's labels and the suffixes once
 * per family when its points share them (nearly always), else per point.
 *
 * <p>A fleet holds every datasource's ordered batch until its answer is written. As a record and a
 * list per family and a point object per one-point family, 1,000 datasources' batches were about 25
 * MB in 800,000 objects, more than the survivor spaces hold, so every young collection of a scrape
 * promoted them and a full collection followed every two scrapes. Here a batch is a few arrays:
 * about 12 bytes a sample and 24 a family.
 *
 * <p>Sharing all but the values with the datasource's last batch was tried and measured on the
 * mixed fleet of {@code bench/scale.sh}: 6 batches in 10,000 came the same way (a Redis latency
 * histogram gains buckets, a health family makes its label set anew, sessions change state), so the
 * last batch's arrays were only held for nothing.
 */
final class BatchColumns {
  // Family f's points are [ends[f - 1], ends[f]). constants[f] (the datasource's labels) and
  // suffixes[f] are those of all its points, or null when they differ, and then pointConstants[f]
  // or pointSuffixes[f] has them per point (both null when no family needs them).
  private final String[] names;
  private final MetricType[] types;
  private final String[] helps;
  private final int[] ends;
  private final Labels[] rows;
  private final double[] values;
  private final Labels[] constants;
  private final String[] suffixes;
  private Labels[][] pointConstants;
  private String[][] pointSuffixes;

  /** {@code families} (ordered) as columns. */
  BatchColumns(SampleBatch.Family[] families) {
    int n = families.length;
    int total = 0;
    for (SampleBatch.Family f : families) {
      total += f.points().size();
    }
    names = new String[n];
    types = new MetricType[n];
    helps = new String[n];
    ends = new int[n];
    rows = new Labels[total];
    values = new double[total];
    constants = new Labels[n];
    suffixes = new String[n];
    int at = 0;
    for (int f = 0; f < n; f++) {
      SampleBatch.Family family = families[f];
      names[f] = family.name();
      types[f] = family.type();
      helps[f] = family.help();
      List<SampleBatch.Point> points = family.points();
      int size = points.size();
      // A point is read from a view's columns where it is one: its get makes a point object.
      FamilyColumns view = points instanceof FamilyColumns c ? c : null;
      Labels constant = null;
      String suffix = null;
      boolean oneConstant = true;
      boolean oneSuffix = true;
      for (int i = 0; i < size; i++) {
        SampleBatch.Point p = view == null ? points.get(i) : null;
        rows[at + i] = p == null ? view.rowLabels(i) : p.rowLabels();
        values[at + i] = p == null ? view.value(i) : p.value();
        Labels c = p == null ? view.constLabels(i) : p.constLabels();
        String s = p == null ? view.suffix(i) : p.suffix();
        if (i == 0) {
          constant = c;
          suffix = s;
        }
        oneConstant &= c == constant;
        oneSuffix &= s.equals(suffix);
      }
      constants[f] = oneConstant ? constant : null;
      suffixes[f] = oneSuffix ? suffix : null;
      if (!oneConstant || !oneSuffix) {
        perPoint(f, points, n, !oneConstant, !oneSuffix);
      }
      at += size;
      ends[f] = at;
    }
  }

  private void perPoint(
      int f, List<SampleBatch.Point> points, int families, boolean constant, boolean suffix) {
    int size = points.size();
    if (constant) {
      pointConstants = pointConstants != null ? pointConstants : new Labels[families][];
      pointConstants[f] = new Labels[size];
    }
    if (suffix) {
      pointSuffixes = pointSuffixes != null ? pointSuffixes : new String[families][];
      pointSuffixes[f] = new String[size];
    }
    for (int i = 0; i < size; i++) {
      SampleBatch.Point p = points.get(i);
      if (constant) {
        pointConstants[f][i] = p.constLabels();
      }
      if (suffix) {
        pointSuffixes[f][i] = p.suffix();
      }
    }
  }

  int families() {
    return names.length;
  }

  String name(int family) {
    return names[family];
  }

  MetricType type(int family) {
    return types[family];
  }

  String help(int family) {
    return helps[family];
  }

  /** The index of family {@code family}'s first point. */
  int start(int family) {
    return family == 0 ? 0 : ends[family - 1];
  }

  int end(int family) {
    return ends[family];
  }

  /** The datasource's labels of every point of {@code family}, or null when they differ. */
  Labels constant(int family) {
    return constants[family];
  }

  /** Whether {@code family}'s points have suffixes of more than one kind (a histogram's). */
  boolean suffixPerPoint(int family) {
    return suffixes[family] == null;
  }

  /** Point {@code at}'s (an index in the batch) row labels. */
  Labels rowLabels(int at) {
    return rows[at];
  }

  double value(int at) {
    return values[at];
  }

  /** The datasource's labels of point {@code at} of {@code family}. */
  Labels constLabels(int family, int at) {
    Labels c = constants[family];
    return c != null ? c : pointConstants[family][at - start(family)];
  }

  String suffix(int family, int at) {
    String s = suffixes[family];
    return s != null ? s : pointSuffixes[family][at - start(family)];
  }

  /** Family {@code family} as a list, for readers off the scrape's path. */
  FamilyColumns family(int family) {
    return new FamilyColumns(this, family);
  }
}
