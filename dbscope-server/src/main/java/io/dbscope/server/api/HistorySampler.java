package io.dbscope.server.api;

import io.dbscope.core.scrape.Deadline;
import io.dbscope.core.scrape.LastScrape;
import io.dbscope.core.scrape.MonitoredDatasource;
import io.dbscope.engine.sql.analytics.StatementSource;
import io.dbscope.engine.sql.analytics.StatementView;
import io.dbscope.server.Monitor;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/**
 * Fills {@link History}, {@link StatementHistory} and the lock-wait events of {@link RecentEvents}
 * from each datasource's last collection, once per {@link History#STEP}. Counters become rates
 * between two collections (a reset gives no point).
 *
 * <p>It reads what Prometheus' scrapes collected; a datasource nobody has collected for {@link
 * #SELF_COLLECT_AFTER} is collected by the sampler itself, so that the console shows live figures
 * without a Prometheus -- at most once a minute per datasource, and never beside a Prometheus that
 * scrapes at least that often.
 */
public final class HistorySampler implements Runnable {
  static final Duration SELF_COLLECT_AFTER = Duration.ofSeconds(60);
  private static final Duration SELF_COLLECT_TIMEOUT = Duration.ofSeconds(10);
  private static final int STATEMENT_EVERY = 4;

  private final Supplier<Optional<Monitor>> monitor;
  private final History history;
  private final StatementHistory statements;
  private final RecentEvents events;
  private final ExecutorService executor;
  private final Map<String, Previous> previous = new ConcurrentHashMap<>();
  private final Map<String, Instant> selfCollected = new ConcurrentHashMap<>();
  private long ticks;

  /** The counters of the collection recorded last, to make rates. */
  private record Previous(Instant at, double queries, double transactions) {}

  public HistorySampler(
      Supplier<Optional<Monitor>> monitor,
      History history,
      StatementHistory statements,
      RecentEvents events,
      ExecutorService executor) {
    this.monitor = monitor;
    this.history = history;
    this.statements = statements;
    this.events = events;
    this.executor = executor;
  }

  @Override
  public void run() {
    Optional<Monitor> m = monitor.get();
    if (m.isEmpty()) {
      return;
    }
    Instant now = Instant.now();
    boolean withStatements = ticks++ % STATEMENT_EVERY == 0;
    var fleet = m.get().fleet();
    for (MonitoredDatasource d : fleet.all()) {
      if (!d.config().enabled()) {
        continue;
      }
      String name = d.config().name();
      Optional<LastScrape> last = d.lastScrape();
      Previous before = previous.get(name);
      if (last.isPresent() && (before == null || last.get().at().isAfter(before.at()))) {
        record(d, last.get(), before);
      }
      if (withStatements) {
        recordStatements(d, now);
      }
      Instant collected = last.map(LastScrape::at).orElse(Instant.EPOCH);
      Instant self = selfCollected.getOrDefault(name, Instant.EPOCH);
      if (collected.plus(SELF_COLLECT_AFTER).isBefore(now)
          && self.plus(SELF_COLLECT_AFTER).isBefore(now)) {
        selfCollected.put(name, now);
        executor.execute(() -> d.collect(Deadline.in(SELF_COLLECT_TIMEOUT)));
      }
    }
    history.retain(fleet.names());
    statements.retain(fleet.names());
    previous.keySet().retainAll(fleet.names());
    selfCollected.keySet().retainAll(fleet.names());
  }

  private void record(MonitoredDatasource d, LastScrape s, Previous before) {
    String engine = d.engine().id();
    double queries = KeySeries.value(engine, KeySeries.Key.QUERIES, s.samples());
    double tx = KeySeries.value(engine, KeySeries.Key.TRANSACTIONS, s.samples());
    double locks = KeySeries.value(engine, KeySeries.Key.LOCK_WAITS, s.samples());
    double[] v = {
      s.up() ? 1 : 0,
      s.seconds(),
      before == null ? Double.NaN : rate(queries, before.queries(), before.at(), s.at()),
      before == null ? Double.NaN : rate(tx, before.transactions(), before.at(), s.at()),
      KeySeries.value(engine, KeySeries.Key.CONNECTIONS, s.samples()),
      locks
    };
    history.record(d.config().name(), s.at().getEpochSecond(), v);
    previous.put(d.config().name(), new Previous(s.at(), queries, tx));
    if (locks > 0) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("ts", s.at().toString());
      e.put("datasource", d.config().name());
      e.put("kind", RecentEvents.LOCK_WAIT);
      e.put("waiting_sessions", (long) locks);
      events.emit(e);
    }
  }

  private static double rate(double now, double then, Instant t0, Instant t1) {
    double seconds = Duration.between(t0, t1).toMillis() / 1000.0;
    if (Double.isNaN(now) || Double.isNaN(then) || seconds <= 0 || now < then) {
      return Double.NaN;
    }
    return (now - then) / seconds;
  }

  private void recordStatements(MonitoredDatasource d, Instant now) {
    for (Object c : d.statefulCollectors()) {
      if (c instanceof StatementSource source) {
        for (StatementView v : source.statements("total_time", StatementHistory.PER_DATASOURCE)) {
          Double calls = v.statistics().get("calls");
          Double time = v.statistics().get("total_time_seconds");
          if (calls != null && time != null) {
            statements.record(
                d.config().name(), v.fingerprint(), now.getEpochSecond(), calls, time);
          }
        }
      }
    }
  }
}
