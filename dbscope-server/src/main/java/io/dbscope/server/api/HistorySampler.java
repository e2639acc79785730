package io.dbscope.server.api;

import io.dbscope.core.scrape.Deadline;
import io.dbscope.core.scrape.LastScrape;
import io.dbscope.core.scrape.MonitoredDatasource;
import io.dbscope.engine.sql.analytics.StatementSource;
import io.dbscope.engine.sql.analytics.StatementView;
import io.dbscope.server.Monitor;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/**
 * Runs once per {@link History#STEP}: records the costliest statements of each datasource into
 * {@link StatementHistory} once a minute, drops the history of removed datasources, and collects a
 * datasource that nobody has collected for {@link #SELF_COLLECT_AFTER} (its collection then passes
 * through {@link HistoryRecorder} as a scrape's would), so that the console shows live figures
 * without a Prometheus -- at most once a minute per datasource, and never beside a Prometheus that
 * scrapes at least that often.
 */
public final class HistorySampler implements Runnable {
  static final Duration SELF_COLLECT_AFTER = Duration.ofSeconds(60);
  private static final Duration SELF_COLLECT_TIMEOUT = Duration.ofSeconds(10);
  private static final int STATEMENT_EVERY = 4;

  private final Supplier<Optional<Monitor>> monitor;
  private final ConsoleState console;
  private final HistoryRecorder recorder;
  private final ExecutorService executor;
  private final Map<String, Instant> selfCollected = new ConcurrentHashMap<>();
  private long ticks;

  public HistorySampler(
      Supplier<Optional<Monitor>> monitor,
      ConsoleState console,
      HistoryRecorder recorder,
      ExecutorService executor) {
    this.monitor = monitor;
    this.console = console;
    this.recorder = recorder;
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
    var cluster = console.cluster();
    for (MonitoredDatasource d : fleet.all()) {
      // In a cluster, a datasource another instance owns is that instance's to collect.
      if (!d.config().enabled() || !cluster.ownsLocally(d.config().name())) {
        continue;
      }
      if (withStatements) {
        recordStatements(d, now);
      }
      String name = d.config().name();
      Instant collected = d.lastScrape().map(LastScrape::at).orElse(Instant.EPOCH);
      Instant self = selfCollected.getOrDefault(name, Instant.EPOCH);
      if (collected.plus(SELF_COLLECT_AFTER).isBefore(now)
          && self.plus(SELF_COLLECT_AFTER).isBefore(now)) {
        selfCollected.put(name, now);
        executor.execute(() -> d.collect(Deadline.in(SELF_COLLECT_TIMEOUT)));
      }
    }
    console.history().retain(fleet.names());
    console.statements().retain(fleet.names());
    recorder.retain(fleet.names());
    selfCollected.keySet().retainAll(fleet.names());
  }

  private void recordStatements(MonitoredDatasource d, Instant now) {
    for (Object c : d.statefulCollectors()) {
      if (c instanceof StatementSource source) {
        for (StatementView v : source.statements("total_time", StatementHistory.PER_DATASOURCE)) {
          Double calls = v.statistics().get("calls");
          Double time = v.statistics().get("total_time_seconds");
          if (calls != null && time != null) {
            console
                .statements()
                .record(d.config().name(), v.fingerprint(), now.getEpochSecond(), calls, time);
          }
        }
      }
    }
  }
}
