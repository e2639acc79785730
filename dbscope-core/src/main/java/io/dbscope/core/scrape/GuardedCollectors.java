package io.dbscope.core.scrape;

import io.dbscope.core.custom.CustomMetric;
import io.dbscope.core.custom.CustomResults;
import io.dbscope.core.custom.CustomSet;
import io.dbscope.core.custom.FileStatus;
import io.dbscope.core.definition.Definition;
import io.dbscope.core.engine.ResultRows;
import io.dbscope.core.engine.RowMapper;
import io.dbscope.core.metrics.SampleBatch;
import io.dbscope.core.metrics.SelfMetric;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part of a datasource's scrape that is particular to guarded (custom) collectors: judging
 * their rows ({@link CustomResults}), the row and series limits with their counters, and failure
 * reasons that name the file and metric. One instance per datasource, used by one collection at a
 * time.
 *
 * <p>Cut rows and dropped series are logged once when they start and once when they stop, not on
 * every scrape; the counters ({@code dbscope_custom_rows_truncated_total}, {@code
 * dbscope_custom_series_dropped_total}) keep the history.
 */
final class GuardedCollectors {
  private static final Logger log = LoggerFactory.getLogger(MonitoredDatasource.class);

  private final CustomSet custom;
  private final RowMapper mapper;
  private final Map<String, LongAdder> truncated = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> dropped = new ConcurrentHashMap<>();
  private final Set<String> truncating = ConcurrentHashMap.newKeySet();
  private final Set<String> dropping = ConcurrentHashMap.newKeySet();

  GuardedCollectors(CustomSet custom, RowMapper mapper) {
    this.custom = custom;
    this.mapper = mapper;
  }

  CustomSet custom() {
    return custom;
  }

  /**
   * Judges and maps the rows of a guarded definition into {@code out}.
   *
   * @return why the collector fails (nothing was added to {@code out}), or empty
   */
  Optional<String> map(Definition def, ResultRows rows, Labels labels, SampleBatch out) {
    CustomMetric m = custom.metricOf(def);
    change(
        def,
        truncating,
        rows.truncated(),
        "returns more than maxRows = " + def.limits().maxRows() + " rows; the rest is cut",
        "returns no more than maxRows rows again");
    if (rows.truncated()) {
      counter(truncated, def.id()).increment();
    }
    CustomResults.Outcome o = CustomResults.evaluate(m, rows, labels, mapper, out);
    if (o.problem().isPresent()) {
      return o.problem();
    }
    if (o.dropped() > 0) {
      counter(dropped, def.id()).add(o.dropped());
    }
    change(
        def,
        dropping,
        o.dropped() > 0,
        "has more than maxSeries = "
            + def.limits().maxSeries()
            + " label sets for a metric; "
            + o.dropped()
            + " samples dropped",
        "is within maxSeries again");
    return Optional.empty();
  }

  /** {@code reason} with the file, line and metric it concerns. */
  String describe(Definition def, String reason) {
    CustomMetric m = custom.metricOf(def);
    return m.origin() + " (metric " + m.name() + "): " + reason;
  }

  /** The limit counters of one guarded collector, for every scrape that planned it. */
  void emit(SampleBatch batch, Labels collectorLabels, String id) {
    SelfMetric.CUSTOM_ROWS_TRUNCATED.add(batch, collectorLabels, counter(truncated, id).sum());
    SelfMetric.CUSTOM_SERIES_DROPPED.add(batch, collectorLabels, counter(dropped, id).sum());
  }

  /**
   * {@code dbscope_custom_file_loaded} for each configured file, and {@code
   * dbscope_custom_metric_refused} once for each refused metric of it (two refused entries of one
   * name, such as a repeated context, are one series).
   */
  void emitFiles(SampleBatch batch, Labels labels) {
    for (FileStatus f : custom.files()) {
      Labels file = labels.add("file", f.file().toString());
      SelfMetric.CUSTOM_FILE_LOADED.add(batch, file, f.loaded() ? 1 : 0);
      Set<String> refused = new LinkedHashSet<>();
      f.refused().forEach(r -> refused.add(r.name()));
      refused.forEach(
          name ->
              SelfMetric.CUSTOM_METRIC_REFUSED.add(
                  batch, SelfMetric.with(file, "metric", name), 1));
    }
  }

  private void change(
      Definition def, Set<String> state, boolean now, String started, String ended) {
    if (now && state.add(def.id())) {
      log.warn("collector {} {}: {}", def.id(), started, custom.metricOf(def).origin());
    } else if (!now && state.remove(def.id())) {
      log.info("collector {} {}", def.id(), ended);
    }
  }

  private static LongAdder counter(Map<String, LongAdder> m, String id) {
    return m.computeIfAbsent(id, k -> new LongAdder());
  }
}
