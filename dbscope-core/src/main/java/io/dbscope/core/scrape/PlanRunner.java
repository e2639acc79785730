package io.dbscope.core.scrape;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.definition.Definition;
import io.dbscope.core.engine.Engine;
import io.dbscope.core.engine.ResultRows;
import io.dbscope.core.metrics.SampleBatch;
import io.prometheus.metrics.model.snapshots.Labels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a datasource's {@link ScrapePlan} on the connection of one scrape: the batch prefetch
 * ({@link Batching}), then each collector through {@link CollectorRun}. A collector whose query
 * loses the connection fails alone; the next one runs on a new connection ({@link ScrapeSession}).
 * The scrape is cut short only by the deadline or when no new connection can be had; that is logged
 * once when it starts and once when it ends. One instance per datasource, used by one collection at
 * a time.
 */
final class PlanRunner {
  private static final Logger log = LoggerFactory.getLogger(MonitoredDatasource.class);

  private final DatasourceConfig config;
  private final FailureText text;
  private final ResultCache cache = new ResultCache();
  private final Batching batching;
  private final CollectorRun run;
  private volatile String cutShortReason;

  PlanRunner(DatasourceConfig config, Labels labels, FailureText text, Engine engine) {
    this.config = config;
    this.text = text;
    this.batching = new Batching(engine);
    this.run = new CollectorRun(labels, cache, text, engine);
  }

  /** The plan changed: cached results and what batching learned belong to the old one. */
  void reset() {
    cache.invalidate();
    batching.reset();
  }

  /** How the planned collector {@code id} last ran. */
  CollectorStatus status(String id, String kind) {
    return run.status(id, kind);
  }

  /** Runs every collector of {@code plan}, adding samples and self-metrics to {@code batch}. */
  DatasourceHealth.Outcomes run(
      ScrapeSession conn, Deadline deadline, ScrapePlan plan, SampleBatch batch) {
    DatasourceHealth.Outcomes outcomes = new DatasourceHealth.Outcomes();
    run.begin();
    try {
      return run(conn, deadline, plan, batch, outcomes);
    } finally {
      run.emit(batch, plan.byId());
    }
  }

  private DatasourceHealth.Outcomes run(
      ScrapeSession conn,
      Deadline deadline,
      ScrapePlan plan,
      SampleBatch batch,
      DatasourceHealth.Outcomes outcomes) {
    long now = System.nanoTime();
    Batching.Prefetched pre =
        batching.prefetch(
            conn,
            deadline,
            plan.definitions(),
            def -> cache.fresh(def.id(), ResultCache.ttl(def, config), now).isPresent(),
            this::limit,
            text::redact);
    Step step = new Step(conn, deadline, pre);
    String cutShort = null;
    boolean batchRanAlone = true;
    List<String> failedAlone = new ArrayList<>();
    for (PlannedCollector c : plan.collectors()) {
      if (cutShort == null) {
        String why = conn.ready(deadline);
        cutShort = why == null ? null : text.redact(why);
      }
      CollectorRun.Ran ran;
      if (cutShort != null) {
        run.notRun(c.id(), cutShort, outcomes);
        ran = CollectorRun.Ran.NOT_RUN;
      } else {
        ran = run.run(c, step, pre.share(c.id()), batch, outcomes);
      }
      if (ran == CollectorRun.Ran.NOT_RUN) {
        cutShort = cutShort == null ? CollectorRun.DEADLINE_PASSED : cutShort;
        batchRanAlone &= !pre.batched().contains(c.id());
      } else if (ran == CollectorRun.Ran.FAILED && pre.failedFor(c.id())) {
        failedAlone.add(c.id());
      }
      if ((ran == CollectorRun.Ran.FAILED || ran == CollectorRun.Ran.TIMED_OUT)
          && deadline.passed()) {
        cutShort = CollectorRun.DEADLINE_PASSED;
      }
    }
    batching.learn(pre, failedAlone, batchRanAlone);
    reportCutShort(cutShort);
    return outcomes;
  }

  /** A definition's query timeout: its own, capped by the datasource's {@code queryTimeout}. */
  private Duration limit(Definition def) {
    return def.timeout().compareTo(config.queryTimeout()) < 0
        ? def.timeout()
        : config.queryTimeout();
  }

  private void reportCutShort(String why) {
    String before = cutShortReason;
    cutShortReason = why;
    if (why != null && !why.equals(before)) {
      log.warn("scrape cut short: {}; the remaining collectors did not run", why);
    } else if (why == null && before != null) {
      log.info("scrapes complete again");
    }
  }

  /** A collector's view of this scrape: rows the batch read are served before any query. */
  private final class Step implements PlannedCollector.Step {
    private final ScrapeSession conn;
    private final Deadline deadline;
    private final Batching.Prefetched pre;

    Step(ScrapeSession conn, Deadline deadline, Batching.Prefetched pre) {
      this.conn = conn;
      this.deadline = deadline;
      this.pre = pre;
    }

    @Override
    public ScrapeSession conn() {
      return conn;
    }

    @Override
    public Deadline deadline() {
      return deadline;
    }

    @Override
    public ResultRows rows(Definition def) throws Exception {
      ResultRows prefetched = pre.rows().get(def.id());
      return prefetched != null ? prefetched : conn.session().query(def, deadline.cap(limit(def)));
    }
  }
}
