package io.dbscope.engine.mysql.analytics;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.engine.ResultRows;
import io.dbscope.core.engine.ServerFacts;
import io.dbscope.core.engine.Session;
import io.dbscope.core.engine.StatefulCollector;
import io.dbscope.core.metrics.SampleBatch;
import io.dbscope.core.scrape.Deadline;
import io.dbscope.engine.sql.analytics.AnalyticsCarrier;
import io.dbscope.engine.sql.analytics.AnalyticsSettings;
import io.dbscope.engine.sql.analytics.CollectorSwitch;
import io.dbscope.engine.sql.analytics.KeysetPager;
import io.dbscope.engine.sql.analytics.StatementAnalytics;
import io.dbscope.engine.sql.analytics.StatementRecordSink;
import io.dbscope.engine.sql.analytics.StatementSnapshot;
import io.dbscope.engine.sql.analytics.StatementSource;
import io.dbscope.engine.sql.analytics.StatementView;
import io.dbscope.engine.sql.analytics.StatsEpoch;
import io.dbscope.engine.sql.analytics.Throttle;
import io.prometheus.metrics.model.snapshots.Labels;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Statement statistics per digest and schema from {@code
 * performance_schema.events_statements_summary_by_digest}, tracked with deltas (see {@link
 * StatementAnalytics}) and exported as the bounded {@code mysql_query_*} family plus {@code
 * mysql_statements_total{kind}}. Runs only when performance_schema is on.
 *
 * <p>Statistics are read at most every {@code minInterval}, paged by digest, texts only for digests
 * not tracked yet. A {@code TRUNCATE} of the table removes every row; rows created again count from
 * zero, and {@code FIRST_SEEN} tells a re-created row from one that only grew.
 */
public final class MysqlDigestCollector
    implements StatefulCollector, StatementSource, AnalyticsCarrier {
  public static final String ID = "perf_schema.digests";
  static final int PAGE = 5_000;
  private static final int TEXT_BATCH = 500;

  private final InstantSource clock;
  private final StatementAnalytics analytics;
  private final Throttle throttle;
  private final boolean ownSchemaOnly;
  private volatile ServerFacts facts;
  private volatile Duration queryTimeout = Duration.ofSeconds(10);

  public MysqlDigestCollector(AnalyticsSettings settings, InstantSource clock) {
    this(settings, clock, "", StatementRecordSink.DISCARD);
  }

  /**
   * @param datasource the datasource name the interval records carry
   * @param records where one record per digest and read goes
   */
  public MysqlDigestCollector(
      AnalyticsSettings settings,
      InstantSource clock,
      String datasource,
      StatementRecordSink records) {
    this.clock = clock;
    this.analytics =
        new StatementAnalytics(MysqlDigestSchema.SCHEMA, settings, datasource, "mysql", records);
    this.throttle = new Throttle(settings.minInterval());
    this.ownSchemaOnly = settings.ownDatabaseOnly();
  }

  @Override
  public String id() {
    return ID;
  }

  /** Remembers the facts (their start time tells restarts apart) and the query timeout. */
  @Override
  public boolean applies(ServerFacts facts, DatasourceConfig config) {
    this.facts = facts;
    this.queryTimeout = config.queryTimeout();
    return facts.extensions().contains("performance_schema") && CollectorSwitch.allowed(ID, config);
  }

  @Override
  public void collect(Session session, Deadline deadline, Labels labels, SampleBatch out)
      throws Exception {
    long now = clock.millis();
    if (throttle.due(now)) {
      read(session, deadline, now);
      throttle.ran(now);
    }
    analytics.export(labels, out);
  }

  private void read(Session session, Deadline deadline, long now) throws Exception {
    boolean allTexts = analytics.isEmpty();
    ResultRows rows =
        KeysetPager.readAll(
            session,
            deadline,
            queryTimeout,
            PAGE,
            "digest",
            (from, limit) -> MysqlDigestQuery.page(from, limit, allTexts, ownSchemaOnly));
    List<StatementSnapshot> read = MysqlDigestQuery.snapshots(rows, Map.of());
    if (!allTexts) {
      read = withNewTexts(session, deadline, read);
    }
    ServerFacts f = facts;
    analytics.update(
        now, new StatsEpoch(f == null ? Optional.empty() : f.startTime(), Optional.empty()), read);
  }

  private List<StatementSnapshot> withNewTexts(
      Session session, Deadline deadline, List<StatementSnapshot> read) throws Exception {
    Set<String> missing = new LinkedHashSet<>();
    for (StatementSnapshot s : read) {
      if (!s.key().id().equals(MysqlDigestQuery.OVERFLOW) && !analytics.knows(s.key())) {
        missing.add(s.key().id());
      }
    }
    if (missing.isEmpty()) {
      return read;
    }
    Map<String, String> texts = new HashMap<>();
    List<String> batch = new ArrayList<>(TEXT_BATCH);
    for (String d : missing) {
      batch.add(d);
      if (batch.size() == TEXT_BATCH) {
        readTexts(session, deadline, batch, texts);
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      readTexts(session, deadline, batch, texts);
    }
    List<StatementSnapshot> out = new ArrayList<>(read.size());
    for (StatementSnapshot s : read) {
      String text = texts.get(s.key().id());
      out.add(text == null ? s : new StatementSnapshot(s.key(), text, s.values(), s.since()));
    }
    return out;
  }

  private void readTexts(
      Session session, Deadline deadline, List<String> digests, Map<String, String> into)
      throws Exception {
    ResultRows t = session.run(MysqlDigestQuery.texts(digests), deadline.cap(queryTimeout));
    for (Object[] r : t.rows()) {
      into.put((String) r[0], (String) r[1]);
    }
  }

  /** The statement history, carried to another instance when the datasource moves. */
  @Override
  public StatementAnalytics analytics() {
    return analytics;
  }

  @Override
  public List<StatementView> statements(String sort, int limit) {
    return analytics.statements(sort, limit);
  }
}
