package io.dbscope.core.metrics;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything one scrape answers: the merged samples of all datasources plus process metrics.
 *
 * <p>Community exporters have counters without {@code _total} ({@code pg_stat_database_blks_hit}).
 * client_java always writes counters as {@code name_total}, which would break every dashboard that
 * queries the community name. The {@link ExpositionWriter} writes such a family from its own type,
 * {@code # TYPE name counter}, in the Prometheus text format; in the client_java {@link
 * #snapshots()} (OpenMetrics, whose counters must end in {@code _total}) it becomes an {@link
 * UnknownSnapshot} with its exact name.
 */
public final class Exposition {
  private final List<MergedFamily> families;
  private final String[] sortNames;
  private final List<MetricSnapshot> extra;
  private final int duplicates;
  private volatile MetricSnapshots snapshots;

  private Exposition(
      List<MergedFamily> families, String[] sortNames, List<MetricSnapshot> extra, int duplicates) {
    this.families = families;
    this.sortNames = sortNames;
    this.extra = extra;
    this.duplicates = duplicates;
  }

  /**
   * The database and self-metric families, non-empty, sorted by {@link #sortName} as client_java
   * sorts its snapshots. The text writer reads these directly: building client_java snapshots for
   * every sample of every scrape (builders, name validation, a sort) cost more than writing them.
   */
  List<MergedFamily> families() {
    return families;
  }

  /** {@link #sortName} of {@code families().get(i)}, computed once per scrape. */
  String sortName(int i) {
    return sortNames[i];
  }

  /** The ready snapshots added with {@link Builder#add(MetricSnapshots)}, sorted by name. */
  List<MetricSnapshot> extra() {
    return extra;
  }

  /**
   * Everything as client_java snapshots (OpenMetrics is written by client_java), built on first
   * use.
   */
  public MetricSnapshots snapshots() {
    MetricSnapshots s = snapshots;
    if (s == null) {
      MetricSnapshots.Builder out = MetricSnapshots.builder();
      for (MergedFamily f : families) {
        out.metricSnapshot(Builder.toSnapshot(f.family()));
      }
      extra.forEach(out::metricSnapshot);
      s = out.build();
      snapshots = s;
    }
    return s;
  }

  /** Samples dropped because the same name and labels came twice. */
  public int duplicates() {
    return duplicates;
  }

  /**
   * The name client_java files a family under (and sorts by): a counter's name without {@code
   * _total}.
   */
  static String sortName(TypedName f) {
    return f.type() == MetricType.COUNTER && f.name().endsWith("_total")
        ? f.name().substring(0, f.name().length() - "_total".length())
        : f.name();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Merges batches; the same family from several datasources becomes one family. */
  public static final class Builder {
    private final Map<String, MergedFamily> families = new LinkedHashMap<>();
    private final List<MetricSnapshot> extra = new ArrayList<>();
    private final Set<String> owners = new HashSet<>();
    private int duplicates;

    public Builder add(SampleBatch batch) {
      String owner = batch.owner();
      boolean owned = owner != null && owners.add(owner);
      duplicates += batch.repeats();
      BatchColumns columns = batch.columns();
      if (columns != null) {
        // Read from the columns: a family object per family of every datasource was made for this.
        for (int f = 0; f < columns.families(); f++) {
          MergedFamily into = merged(columns.name(f), columns.type(f), columns.help(f));
          if (into.type() != columns.type(f)) {
            duplicates += columns.end(f) - columns.start(f);
          } else {
            into.add(null, columns, f, owned);
          }
        }
        return this;
      }
      for (SampleBatch.Family f : batch.families()) {
        MergedFamily into = merged(f.name(), f.type(), f.help());
        if (into.type() != f.type()) {
          duplicates += f.points().size();
          continue;
        }
        // Duplicates are dropped in build(), where sorting puts them side by side.
        into.add(f.points(), null, -1, owned);
      }
      return this;
    }

    private MergedFamily merged(String name, MetricType type, String help) {
      MergedFamily into = families.get(name);
      if (into == null) {
        into = new MergedFamily(name, type, help);
        families.put(name, into);
      }
      return into;
    }

    /** Adds ready snapshots (process and JVM metrics from a client_java registry). */
    public Builder add(MetricSnapshots snapshots) {
      for (MetricSnapshot s : snapshots) {
        extra.add(s);
      }
      return this;
    }

    public Exposition build() {
      return build(null);
    }

    /**
     * @param memo the order of the last answer's families, used again when they come the same way
     *     (sorting a Redis datasource's 250 family names by every answer was a thirtieth of its
     *     CPU); null to sort
     */
    public Exposition build(OrderMemo memo) {
      int n = 0;
      MergedFamily[] present = new MergedFamily[families.size()];
      for (MergedFamily m : families.values()) {
        if (m.size() > 0) {
          present[n++] = m;
        }
      }
      present = n == present.length ? present : Arrays.copyOf(present, n);
      // Stable: of the families with one name to client_java (a gauge "x" and a counter "x_total"),
      // the first added comes first and wins. Side by side in this order, they need no set of
      // names.
      OrderMemo.Families order =
          memo != null ? memo.families(present) : OrderMemo.Families.of(present);
      List<MergedFamily> out = new ArrayList<>(n);
      String[] sortNames = new String[n];
      int kept = 0;
      for (int k = 0; k < n; k++) {
        int i = order.order()[k];
        MergedFamily f = present[i];
        if (order.repeats()[k]) {
          duplicates += f.size();
          continue;
        }
        // client_java orders a family's samples by their labels; so do we, byte for byte, within
        // each datasource (FamilyOrder). The sort is stable: of samples with the same labels, the
        // first added is kept.
        // Every block its datasource's ordered batch: sorted and without repeats already.
        if (f.unowned()) {
          duplicates += f.sortHere();
        }
        out.add(f);
        sortNames[kept++] = order.sortNames()[i];
      }
      sortNames = kept == sortNames.length ? sortNames : Arrays.copyOf(sortNames, kept);
      List<MetricSnapshot> sorted = new ArrayList<>(extra);
      sorted.sort(Comparator.comparing(m -> m.getMetadata().getPrometheusName()));
      List<MetricSnapshot> more = new ArrayList<>(sorted.size());
      String last = null;
      for (MetricSnapshot s : sorted) {
        String name = s.getMetadata().getPrometheusName();
        if (!name.equals(last) && Arrays.binarySearch(sortNames, name) < 0) {
          more.add(s);
        }
        last = name;
      }
      return new Exposition(List.copyOf(out), sortNames, List.copyOf(more), duplicates);
    }

    static MetricSnapshot toSnapshot(SampleBatch.Family f) {
      String help = f.help().isEmpty() ? null : f.help();
      if (f.type().histogram()) {
        return Histograms.toSnapshot(f, help);
      }
      if (f.type() == MetricType.SUMMARY) {
        return Summaries.toSnapshot(f, help);
      }
      if (f.type() == MetricType.GAUGE) {
        GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(f.name()).help(help);
        for (SampleBatch.Point p : f.points()) {
          b.dataPoint(
              GaugeSnapshot.GaugeDataPointSnapshot.builder()
                  .labels(p.labels())
                  .value(p.value())
                  .build());
        }
        return b.build();
      }
      if (f.type() == MetricType.COUNTER && f.name().endsWith("_total")) {
        String base = f.name().substring(0, f.name().length() - "_total".length());
        CounterSnapshot.Builder b = CounterSnapshot.builder().name(base).help(help);
        for (SampleBatch.Point p : f.points()) {
          b.dataPoint(
              CounterSnapshot.CounterDataPointSnapshot.builder()
                  .labels(p.labels())
                  .value(p.value())
                  .build());
        }
        return b.build();
      }
      UnknownSnapshot.Builder b = UnknownSnapshot.builder().name(f.name()).help(help);
      for (SampleBatch.Point p : f.points()) {
        b.dataPoint(
            UnknownSnapshot.UnknownDataPointSnapshot.builder()
                .labels(p.labels())
                .value(p.value())
                .build());
      }
      return b.build();
    }
  }
}
