package io.dbscope.server.api;

import io.dbscope.core.metrics.SampleBatch;
import io.dbscope.core.scrape.CollectionListener;
import io.dbscope.core.scrape.LastScrape;
import io.dbscope.core.scrape.MonitoredDatasource;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fills {@link History} as collections pass ({@link CollectionListener}): up, scrape duration and
 * the {@link KeySeries} of the samples, with counters turned into rates over the time since the
 * point before. At most one point per {@link History#STEP} per datasource, so that the ring holds
 * an hour whatever Prometheus' scrape interval; a collection in between is skipped (the next
 * point's rate covers it). Sessions waiting for a lock also become {@code lock_wait} events.
 */
public final class HistoryRecorder implements CollectionListener {
  /** Slightly under a step, so that a scrape interval of exactly one step never skips. */
  private static final Duration STEP_SLACK = History.STEP.minusMillis(500);

  private final History history;
  private final RecentEvents events;
  private final Map<String, Previous> previous = new ConcurrentHashMap<>();

  /** The counters of the point recorded last, to make rates. */
  private record Previous(Instant at, double queries, double transactions) {}

  public HistoryRecorder(History history, RecentEvents events) {
    this.history = history;
    this.events = events;
  }

  @Override
  public void collected(MonitoredDatasource d, LastScrape s, SampleBatch samples) {
    record(d.config().name(), d.engine().id(), s, samples);
  }

  /** One collection of datasource {@code name} of engine {@code engine}. */
  void record(String name, String engine, LastScrape s, SampleBatch samples) {
    Previous before = previous.get(name);
    if (before != null && Duration.between(before.at(), s.at()).compareTo(STEP_SLACK) < 0) {
      return;
    }
    double queries = KeySeries.value(engine, KeySeries.Key.QUERIES, samples);
    double tx = KeySeries.value(engine, KeySeries.Key.TRANSACTIONS, samples);
    double locks = KeySeries.value(engine, KeySeries.Key.LOCK_WAITS, samples);
    double[] v = {
      s.up() ? 1 : 0,
      s.seconds(),
      before == null ? Double.NaN : rate(queries, before.queries(), before.at(), s.at()),
      before == null ? Double.NaN : rate(tx, before.transactions(), before.at(), s.at()),
      KeySeries.value(engine, KeySeries.Key.CONNECTIONS, samples),
      locks
    };
    history.record(name, s.at().getEpochSecond(), v);
    previous.put(name, new Previous(s.at(), queries, tx));
    if (locks > 0) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("ts", s.at().toString());
      e.put("datasource", name);
      e.put("kind", RecentEvents.LOCK_WAIT);
      e.put("waiting_sessions", (long) locks);
      events.emit(e);
    }
  }

  /** Forgets the datasources not in {@code names}. */
  void retain(java.util.Set<String> names) {
    previous.keySet().retainAll(names);
  }

  private static double rate(double now, double then, Instant t0, Instant t1) {
    double seconds = Duration.between(t0, t1).toMillis() / 1000.0;
    if (Double.isNaN(now) || Double.isNaN(then) || seconds <= 0 || now < then) {
      return Double.NaN;
    }
    return (now - then) / seconds;
  }
}
