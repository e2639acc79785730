package io.dbscope.engine.sql.analytics;

import io.dbscope.core.events.ActivityEvent;
import io.dbscope.core.events.EventSink;
import io.dbscope.core.metrics.MetricType;
import io.dbscope.core.metrics.SampleBatch;
import io.dbscope.sql.SqlDialect;
import io.dbscope.sql.SqlObfuscator;
import io.prometheus.metrics.model.snapshots.Labels;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The events of an activity collector: one per newly seen slow statement (only with {@code
 * checkSlowSQL}) and per newly seen long transaction, at most {@code slowSqlMaxRows} of each kind
 * per scrape, oldest first (the rest follow in later scrapes while they last), and their count as
 * {@code P_activity_events_total{kind}}. A statement or transaction is identified by session and
 * start (see {@link OnceFilter}), so it is emitted once however many scrapes see it.
 *
 * <p>Engines differ only in where an event's details come from (their rows), in how much a
 * statement's start may jitter between scrapes, and in whether a statement exactly {@code
 * slowSqlTime} old counts: MySQL reports whole-second ages, so there it does. One instance per
 * collector, used by its scrapes in turn (not thread-safe).
 */
public final class ActivityEvents {
  /**
   * What an event says besides its kind and timing, from the engine's row of the session.
   *
   * @param text the statement as the server reports it; it is normalized here ({@link
   *     SqlObfuscator}), and only the normalized text reaches the sink
   */
  public record Details(
      String fingerprint, String user, String database, String clientAddr, String text) {}

  /** The details of the session at an index of the list given to {@link #emit}. */
  @FunctionalInterface
  public interface DetailSource {
    Details of(int session, boolean slowStatement);
  }

  private final AnalyticsSettings settings;
  private final EventSink sink;
  private final InstantSource clock;
  private final SqlDialect dialect;
  private final boolean slowAtThreshold;
  private final OnceFilter slowSeen;
  private final OnceFilter longSeen = new OnceFilter(0);
  private final Map<String, Long> emitted = new LinkedHashMap<>();

  /**
   * @param slowStartTolerance seconds a slow statement's start may move between scrapes and still
   *     be the same statement
   * @param slowAtThreshold whether a statement exactly {@code slowSqlTime} old is slow
   */
  public ActivityEvents(
      AnalyticsSettings settings,
      EventSink sink,
      InstantSource clock,
      SqlDialect dialect,
      double slowStartTolerance,
      boolean slowAtThreshold) {
    this.settings = settings;
    this.sink = sink;
    this.clock = clock;
    this.dialect = dialect;
    this.slowAtThreshold = slowAtThreshold;
    this.slowSeen = new OnceFilter(slowStartTolerance);
    emitted.put(ActivityEvent.SLOW_SQL, 0L);
    emitted.put(ActivityEvent.LONG_TRANSACTION, 0L);
  }

  /** Emits an event for each slow statement and long transaction of one scrape not reported yet. */
  public void emit(String datasource, List<SessionActivity> sessions, DetailSource details) {
    List<Integer> slow = new ArrayList<>();
    List<Integer> longTx = new ArrayList<>();
    double slowAfter = settings.slowSqlTime().toNanos() / 1e9;
    double longAfter = settings.longTransactionTime().toNanos() / 1e9;
    slowSeen.begin();
    longSeen.begin();
    for (int i = 0; i < sessions.size(); i++) {
      SessionActivity s = sessions.get(i);
      if (settings.checkSlowSQL()
          && s.active()
          && (slowAtThreshold ? s.queryAge() >= slowAfter : s.queryAge() > slowAfter)
          && !slowSeen.seen(s.sessionId(), s.queryStart())) {
        slow.add(i);
      }
      if (s.transactionAge() > longAfter && !longSeen.seen(s.sessionId(), s.transactionStart())) {
        longTx.add(i);
      }
    }
    emit(datasource, sessions, details, slow, ActivityEvent.SLOW_SQL);
    emit(datasource, sessions, details, longTx, ActivityEvent.LONG_TRANSACTION);
    slowSeen.end();
    longSeen.end();
  }

  private void emit(
      String datasource,
      List<SessionActivity> sessions,
      DetailSource details,
      List<Integer> which,
      String kind) {
    boolean slow = kind.equals(ActivityEvent.SLOW_SQL);
    Comparator<Integer> oldest =
        Comparator.comparingDouble(
            i -> slow ? sessions.get(i).queryAge() : sessions.get(i).transactionAge());
    which.sort(oldest.reversed());
    for (int n = 0; n < which.size() && n < settings.slowSqlMaxRows(); n++) {
      SessionActivity s = sessions.get(which.get(n));
      Details d = details.of(which.get(n), slow);
      double start = slow ? s.queryStart() : s.transactionStart();
      ActivityEvent e =
          new ActivityEvent(
              clock.instant(),
              datasource,
              kind,
              d.fingerprint(),
              slow ? s.queryAge() : s.transactionAge(),
              d.user(),
              d.database(),
              d.clientAddr(),
              s.sessionId(),
              ActivityEvent.epoch(start),
              SqlObfuscator.obfuscate(d.text(), dialect, settings.queryTextLength()));
      sink.emit(e.toMap());
      (slow ? slowSeen : longSeen).mark(s.sessionId(), start);
      emitted.merge(kind, 1L, Long::sum);
    }
  }

  /** {@code prefix_activity_events_total{kind}}: the events emitted so far, by kind. */
  public void export(String prefix, Labels labels, SampleBatch out) {
    for (var e : emitted.entrySet()) {
      out.add(
          prefix + "_activity_events_total",
          MetricType.COUNTER,
          "Slow-statement and long-transaction events emitted to the event sink.",
          labels.add("kind", e.getKey()),
          e.getValue());
    }
  }
}
