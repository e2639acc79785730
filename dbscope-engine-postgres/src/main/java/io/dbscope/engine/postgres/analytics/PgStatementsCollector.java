package io.dbscope.engine.postgres.analytics;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.engine.ResultRows;
import io.dbscope.core.engine.ServerFacts;
import io.dbscope.core.engine.Session;
import io.dbscope.core.engine.StatefulCollector;
import io.dbscope.core.metrics.MetricType;
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
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Statement statistics from pg_stat_statements, tracked per fingerprint with deltas (see {@link
 * StatementAnalytics}) and exported as the bounded {@code pg_query_*} family plus {@code
 * pg_statements_total{kind}}. Runs only where the extension is installed (in the database dbscope
 * connects to); when it is installed but not in {@code shared_preload_libraries}, it logs that once
 * and exports {@code pg_stat_statements_available 0} instead of failing every scrape.
 *
 * <p>Statistics are read at most every {@code minInterval}; scrapes in between export the same
 * totals. A read pages through the view 5,000 rows at a time, reads texts only for fingerprints it
 * does not know yet, and reads {@code pg_stat_statements_info} after the statements (so that a
 * reset between the two reads is seen as counters going down, which re-baselines, and never as new
 * values counted twice).
 *
 * <p>Also exported: {@code pg_stat_statements_available} (gauge) and, on 14+, {@code
 * pg_stat_statements_dealloc_total} (counter, entries the server evicted because {@code
 * pg_stat_statements.max} was reached).
 */
public final class PgStatementsCollector
    implements StatefulCollector, StatementSource, AnalyticsCarrier {
  public static final String ID = "pg_stat_statements";
  static final String EXTENSION = "pg_stat_statements";
  static final int PAGE = 5_000;
  private static final int TEXT_BATCH = 1_000;
  private static final Logger log = LoggerFactory.getLogger(PgStatementsCollector.class);

  private final InstantSource clock;
  private final StatementAnalytics analytics;
  private final Throttle throttle;
  private final boolean ownDatabaseOnly;
  private volatile ServerFacts facts;
  private volatile Duration queryTimeout = Duration.ofSeconds(10);
  private Availability availability = Availability.UNKNOWN;
  private double dealloc = Double.NaN;

  private enum Availability {
    UNKNOWN,
    AVAILABLE,
    NOT_PRELOADED,
    NOT_IN_DATABASE
  }

  public PgStatementsCollector(AnalyticsSettings settings, InstantSource clock) {
    this(settings, clock, "", StatementRecordSink.DISCARD);
  }

  /**
   * @param datasource the datasource name the interval records carry
   * @param records where one record per fingerprint and read goes
   */
  public PgStatementsCollector(
      AnalyticsSettings settings,
      InstantSource clock,
      String datasource,
      StatementRecordSink records) {
    this.clock = clock;
    this.analytics =
        new StatementAnalytics(
            PgStatementsSchema.SCHEMA, settings, datasource, "postgres", records);
    this.throttle = new Throttle(settings.minInterval());
    this.ownDatabaseOnly = settings.ownDatabaseOnly();
  }

  @Override
  public String id() {
    return ID;
  }

  /**
   * Remembers the facts (their start time tells restarts apart) and the query timeout; called
   * before every collection.
   */
  @Override
  public boolean applies(ServerFacts facts, DatasourceConfig config) {
    this.facts = facts;
    this.queryTimeout = config.queryTimeout();
    return facts.extensions().contains(EXTENSION) && CollectorSwitch.allowed(ID, config);
  }

  @Override
  public void collect(Session session, Deadline deadline, Labels labels, SampleBatch out)
      throws Exception {
    long now = clock.millis();
    if (throttle.due(now)) {
      read(session, deadline, now);
      throttle.ran(now);
    }
    out.add(
        "pg_stat_statements_available",
        MetricType.GAUGE,
        "Whether pg_stat_statements can be read (installed in the connected database and in"
            + " shared_preload_libraries): 1 for yes, 0 for no.",
        labels,
        availability == Availability.AVAILABLE ? 1 : 0);
    if (!Double.isNaN(dealloc)) {
      out.add(
          "pg_stat_statements_dealloc_total",
          MetricType.COUNTER,
          "Times pg_stat_statements evicted its least-used entries because pg_stat_statements.max"
              + " was reached (since its last reset).",
          labels,
          dealloc);
    }
    analytics.export(labels, out);
  }

  private void read(Session session, Deadline deadline, long now) throws Exception {
    Duration timeout = queryTimeout;
    ResultRows probe = session.run(PgStatementsQuery.PROBE, deadline.cap(timeout));
    if (probe.rows().isEmpty()) {
      become(Availability.NOT_IN_DATABASE);
      return;
    }
    Object[] p = probe.rows().get(0);
    if (!PgStatementsQuery.preloaded((String) p[probe.indexOf("preload")])) {
      become(Availability.NOT_PRELOADED);
      return;
    }
    PgStatementsQuery q =
        PgStatementsQuery.of(
            (String) p[probe.indexOf("schema")],
            (String) p[probe.indexOf("columns")],
            Boolean.TRUE.equals(p[probe.indexOf("has_info")]),
            ownDatabaseOnly);
    boolean allTexts = analytics.isEmpty();
    ResultRows rows;
    try {
      rows =
          KeysetPager.readAll(
              session,
              deadline,
              timeout,
              PAGE,
              "queryid",
              (from, limit) -> q.page(from, limit, allTexts));
    } catch (SQLException e) {
      if ("55000".equals(e.getSQLState())) { // "must be loaded via shared_preload_libraries"
        become(Availability.NOT_PRELOADED);
        return;
      }
      throw e;
    }
    List<StatementSnapshot> read = PgStatementsRows.snapshots(rows, Map.of());
    if (!allTexts) {
      read = withNewTexts(session, deadline, timeout, q, read);
    }
    Optional<Instant> reset = Optional.empty();
    if (q.hasInfo()) {
      ResultRows info = session.run(q.info(), deadline.cap(timeout));
      if (!info.rows().isEmpty()) {
        Object[] r = info.rows().get(0);
        dealloc = r[0] == null ? Double.NaN : ((Number) r[0]).doubleValue();
        reset = Optional.ofNullable(r[1]).map(v -> epochInstant(((Number) v).doubleValue()));
      }
    }
    ServerFacts f = facts;
    analytics.update(
        now, new StatsEpoch(f == null ? Optional.empty() : f.startTime(), reset), read);
    become(Availability.AVAILABLE);
  }

  private static Instant epochInstant(double seconds) {
    long s = (long) Math.floor(seconds);
    return Instant.ofEpochSecond(s, Math.round((seconds - s) * 1e9));
  }

  /** Adds the texts of fingerprints not tracked yet, read in batches of queryids. */
  private List<StatementSnapshot> withNewTexts(
      Session session,
      Deadline deadline,
      Duration timeout,
      PgStatementsQuery q,
      List<StatementSnapshot> read)
      throws Exception {
    Set<Long> missing = new LinkedHashSet<>();
    for (StatementSnapshot s : read) {
      if (s.text() == null && !analytics.knows(s.key())) {
        missing.add(Long.parseLong(s.key().id()));
      }
    }
    if (missing.isEmpty()) {
      return read;
    }
    Map<Long, String> texts = new HashMap<>();
    List<Long> batch = new ArrayList<>(TEXT_BATCH);
    for (Long id : missing) {
      batch.add(id);
      if (batch.size() == TEXT_BATCH) {
        readTexts(session, deadline, timeout, q, batch, texts);
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      readTexts(session, deadline, timeout, q, batch, texts);
    }
    List<StatementSnapshot> out = new ArrayList<>(read.size());
    for (StatementSnapshot s : read) {
      String text = s.text() == null ? texts.get(Long.parseLong(s.key().id())) : s.text();
      out.add(text == s.text() ? s : new StatementSnapshot(s.key(), text, s.values(), s.since()));
    }
    return out;
  }

  private static void readTexts(
      Session session,
      Deadline deadline,
      Duration timeout,
      PgStatementsQuery q,
      List<Long> ids,
      Map<Long, String> into)
      throws Exception {
    ResultRows t = session.run(q.texts(ids), deadline.cap(timeout));
    for (Object[] r : t.rows()) {
      into.put(((Number) r[0]).longValue(), (String) r[1]);
    }
  }

  /** Logs a change of availability once, with what to do about it. */
  private void become(Availability now) {
    Availability before = availability;
    availability = now;
    if (before == now) {
      return;
    }
    switch (now) {
      case NOT_PRELOADED ->
          log.warn(
              "pg_stat_statements is installed but not loaded: add it to shared_preload_libraries"
                  + " and restart PostgreSQL; statement statistics are off until then"
                  + " (pg_stat_statements_available 0)");
      case NOT_IN_DATABASE ->
          log.warn(
              "pg_stat_statements is not installed in the database dbscope connects to: run CREATE"
                  + " EXTENSION pg_stat_statements there (pg_stat_statements_available 0)");
      case AVAILABLE -> {
        if (before != Availability.UNKNOWN) {
          log.info("pg_stat_statements is available again");
        }
      }
      default -> {}
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
