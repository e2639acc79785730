package io.dbscope.core.scrape;

import io.dbscope.core.definition.Definition;
import io.dbscope.core.engine.ResultRows;
import io.dbscope.core.engine.RowMapper;
import io.dbscope.core.engine.StatefulCollector;
import io.dbscope.core.metrics.SampleBatch;
import io.prometheus.metrics.model.snapshots.Labels;
import java.time.Duration;
import java.util.Optional;

/**
 * One collector of a datasource's plan, whatever its kind. This is the one place the kinds differ
 * -- how samples are made, how a failure is described, which counters of their own they export;
 * everything else about a collector run (cache, batch prefetch, deadline, failure counting,
 * self-metrics) is the same for all and lives in {@link CollectorRun}.
 *
 * <ul>
 *   <li>{@link BuiltIn}: an engine definition; its rows may come from the batched statement.
 *   <li>{@link Guarded}: a custom metric; its rows are judged and limited by {@link
 *       GuardedCollectors}, and its failures name the file, line and metric.
 *   <li>{@link Stateful}: an engine's stateful collector (query analytics), which reads the session
 *       itself.
 * </ul>
 */
sealed interface PlannedCollector {

  String id();

  /** How long a good result is served again from the cache; zero: never cached. */
  Duration ttl();

  /**
   * Collects into {@code out}.
   *
   * @return why the result is refused (then {@code out} is discarded), or empty
   * @throws Exception when the query or the collector fails
   */
  Optional<String> collect(Step step, SampleBatch out) throws Exception;

  /** A failure reason as the log and landing page show it. */
  default String describe(String reason) {
    return reason;
  }

  /** The collector's own counters, beside the self-metrics every collector has. */
  default void emitCounters(SampleBatch batch, Labels collectorLabels) {}

  /** What a collector may use in one scrape: the connection, the deadline and its rows. */
  interface Step {
    ScrapeSession conn();

    Deadline deadline();

    /** The definition's rows: from the batched statement when it read them, else its own query. */
    ResultRows rows(Definition def) throws Exception;
  }

  /** An engine definition, mapped by {@link RowMapper}. */
  record BuiltIn(Definition def, Duration ttl, RowMapper mapper, Labels labels)
      implements PlannedCollector {
    @Override
    public String id() {
      return def.id();
    }

    @Override
    public Optional<String> collect(Step step, SampleBatch out) throws Exception {
      RowMapper.Result r = mapper.map(def, step.rows(def), labels, out);
      return r.missingColumns().isEmpty()
          ? Optional.empty()
          : Optional.of("the result has no column " + String.join(", ", r.missingColumns()));
    }
  }

  /** A custom metric's definition, judged and limited on the way. */
  record Guarded(Definition def, Duration ttl, GuardedCollectors guarded, Labels labels)
      implements PlannedCollector {
    @Override
    public String id() {
      return def.id();
    }

    @Override
    public Optional<String> collect(Step step, SampleBatch out) throws Exception {
      return guarded.map(def, step.rows(def), labels, out);
    }

    @Override
    public String describe(String reason) {
      return guarded.describe(def, reason);
    }

    @Override
    public void emitCounters(SampleBatch batch, Labels collectorLabels) {
      guarded.emit(batch, collectorLabels, def.id());
    }
  }

  /** A stateful collector: it queries the session itself and is never cached. */
  record Stateful(StatefulCollector collector, Labels labels) implements PlannedCollector {
    @Override
    public String id() {
      return collector.id();
    }

    @Override
    public Duration ttl() {
      return Duration.ZERO;
    }

    @Override
    public Optional<String> collect(Step step, SampleBatch out) throws Exception {
      collector.collect(step.conn().session(), step.deadline(), labels, out);
      return Optional.empty();
    }
  }
}
