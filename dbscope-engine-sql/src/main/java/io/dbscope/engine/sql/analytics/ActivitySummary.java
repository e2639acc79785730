package io.dbscope.engine.sql.analytics;

import io.dbscope.core.metrics.MetricType;
import io.dbscope.core.metrics.SampleBatch;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * Bounded metrics of the sessions running right now: counts, oldest ages and age histograms, with
 * no query text, session id or timestamp in any label. A pure function of the sessions and the
 * thresholds, so it is tested with literal sessions.
 *
 * <p>Families, with {@code P} the engine prefix ({@code pg}, {@code mysql}), all gauges:
 *
 * <ul>
 *   <li>{@code P_slow_queries}, {@code P_slow_query_threshold_seconds} (only with {@code
 *       checkSlowSQL}): statements running longer than {@code slowSqlTime};
 *   <li>{@code P_active_query_age_seconds_bucket{le}/_sum/_count}, {@code
 *       P_active_query_oldest_seconds}: ages of running statements;
 *   <li>{@code P_long_transactions}, {@code P_long_transaction_threshold_seconds}: transactions
 *       open longer than {@code longTransactionTime};
 *   <li>{@code P_transaction_age_seconds_bucket{le}/_sum/_count}, {@code
 *       P_transaction_oldest_seconds}: ages of open transactions;
 *   <li>{@code P_idle_in_transaction_sessions}, {@code P_idle_in_transaction_oldest_seconds};
 *   <li>{@code P_lock_waiting_sessions}: sessions waiting for a lock;
 *   <li>{@code P_waiting_sessions{wait_event_type}}: running statements waiting, by wait type (only
 *       when the engine reports wait types).
 * </ul>
 */
public final class ActivitySummary {
  private final AnalyticsSettings settings;
  private final AgeHistogram queries = new AgeHistogram();
  private final AgeHistogram transactions = new AgeHistogram();
  private final Map<String, Long> waits = new TreeMap<>();
  private long slow;
  private long longTransactions;
  private long idleInTransaction;
  private long lockWaiting;
  private double oldestQuery;
  private double oldestTransaction;
  private double oldestIdle;

  private ActivitySummary(AnalyticsSettings settings) {
    this.settings = settings;
  }

  public static ActivitySummary of(Collection<SessionActivity> sessions, AnalyticsSettings s) {
    ActivitySummary a = new ActivitySummary(s);
    double slowAfter = seconds(s.slowSqlTime());
    double longAfter = seconds(s.longTransactionTime());
    for (SessionActivity x : sessions) {
      if (x.active() && !Double.isNaN(x.queryAge())) {
        a.queries.observe(x.queryAge());
        a.oldestQuery = Math.max(a.oldestQuery, x.queryAge());
        if (x.queryAge() > slowAfter) {
          a.slow++;
        }
        if (x.waitEventType() != null) {
          a.waits.merge(x.waitEventType(), 1L, Long::sum);
        }
      }
      if (!Double.isNaN(x.transactionAge())) {
        a.transactions.observe(x.transactionAge());
        a.oldestTransaction = Math.max(a.oldestTransaction, x.transactionAge());
        if (x.transactionAge() > longAfter) {
          a.longTransactions++;
        }
      }
      if (x.idleInTransaction()) {
        a.idleInTransaction++;
        if (!Double.isNaN(x.idleAge())) {
          a.oldestIdle = Math.max(a.oldestIdle, x.idleAge());
        }
      }
      if (x.lockWait()) {
        a.lockWaiting++;
      }
    }
    return a;
  }

  static double seconds(java.time.Duration d) {
    return d.toNanos() / 1e9;
  }

  public long slow() {
    return slow;
  }

  public long longTransactions() {
    return longTransactions;
  }

  public long idleInTransaction() {
    return idleInTransaction;
  }

  public long lockWaiting() {
    return lockWaiting;
  }

  public void export(String prefix, Labels labels, SampleBatch out) {
    if (settings.checkSlowSQL()) {
      gauge(
          out,
          prefix + "_slow_queries",
          "Statements running longer than slowSqlTime.",
          labels,
          slow);
      gauge(
          out,
          prefix + "_slow_query_threshold_seconds",
          "The slowSqlTime threshold of this datasource.",
          labels,
          seconds(settings.slowSqlTime()));
    }
    queries.export(
        prefix + "_active_query_age_seconds",
        "Running statements by how long they have run (a gauge histogram of the present).",
        labels,
        out);
    gauge(
        out,
        prefix + "_active_query_oldest_seconds",
        "How long the longest-running statement has run; 0 when none runs.",
        labels,
        oldestQuery);
    gauge(
        out,
        prefix + "_long_transactions",
        "Transactions open longer than the long-transaction threshold.",
        labels,
        longTransactions);
    gauge(
        out,
        prefix + "_long_transaction_threshold_seconds",
        "The long-transaction threshold of this datasource.",
        labels,
        seconds(settings.longTransactionTime()));
    transactions.export(
        prefix + "_transaction_age_seconds",
        "Open transactions by how long they have been open (a gauge histogram of the present).",
        labels,
        out);
    gauge(
        out,
        prefix + "_transaction_oldest_seconds",
        "How long the oldest open transaction has been open; 0 when none is.",
        labels,
        oldestTransaction);
    gauge(
        out,
        prefix + "_idle_in_transaction_sessions",
        "Sessions idle inside an open transaction.",
        labels,
        idleInTransaction);
    gauge(
        out,
        prefix + "_idle_in_transaction_oldest_seconds",
        "How long the longest idle-in-transaction session has been idle; 0 when none is.",
        labels,
        oldestIdle);
    gauge(
        out,
        prefix + "_lock_waiting_sessions",
        "Sessions waiting for a lock held by another session.",
        labels,
        lockWaiting);
    for (var e : waits.entrySet()) {
      gauge(
          out,
          prefix + "_waiting_sessions",
          "Running statements that are waiting, by wait event type.",
          labels.add("wait_event_type", e.getKey()),
          e.getValue());
    }
  }

  private static void gauge(SampleBatch out, String name, String help, Labels l, double v) {
    out.add(name, MetricType.GAUGE, help, l, v);
  }
}
