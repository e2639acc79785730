package io.dbscope.core.custom;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.engine.Engine;
import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.engine.ResultRows;
import io.dbscope.core.engine.RowMapper;
import io.dbscope.core.engine.Session;
import io.dbscope.core.engine.Target;
import io.dbscope.core.metrics.SampleBatch;
import io.prometheus.metrics.model.snapshots.Labels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs custom collectors once, the way a scrape does (guarded: read-only transaction, row limit,
 * timeout; then the same judging of rows), for {@code dbscope check --connect}.
 *
 * <pre>{@code
 * for (CustomMetricRunner.Run r : CustomMetricRunner.runAll(ds, engine, report.custom(), resources)) {
 *   out.printf("%s %d rows %d ms %s%n", r.collector(), r.rows(), r.millis(), r.error());
 * }
 * }</pre>
 */
public final class CustomMetricRunner {
  private CustomMetricRunner() {}

  /**
   * One run.
   *
   * @param ok whether the collector would succeed in a scrape
   * @param rows rows read (at most maxRows)
   * @param truncated whether more rows were cut
   * @param samples samples it would export
   * @param seriesDropped samples dropped by maxSeries
   * @param millis time of the query
   * @param error why it failed, empty when ok
   */
  public record Run(
      String collector,
      String origin,
      boolean ok,
      int rows,
      boolean truncated,
      int samples,
      int seriesDropped,
      long millis,
      String error) {}

  /**
   * Runs one custom collector on an open session.
   *
   * @param timeout the query timeout; {@code min(definition timeout, queryTimeout)} is what a
   *     scrape uses
   */
  public static Run run(Session session, CustomMetric m, Duration timeout) {
    long t0 = System.nanoTime();
    try {
      ResultRows rows = session.query(m.definition(), timeout);
      long millis = (System.nanoTime() - t0) / 1_000_000;
      CustomResults.Outcome o =
          CustomResults.evaluate(m, rows, Labels.EMPTY, new RowMapper(), new SampleBatch());
      return new Run(
          m.id(),
          m.origin(),
          o.problem().isEmpty(),
          rows.rows().size(),
          rows.truncated(),
          o.samples(),
          o.dropped(),
          millis,
          o.problem().orElse(""));
    } catch (Exception e) {
      return new Run(
          m.id(),
          m.origin(),
          false,
          0,
          false,
          0,
          0,
          (System.nanoTime() - t0) / 1_000_000,
          firstLine(e));
    }
  }

  /**
   * Connects to a datasource once and runs each of its custom collectors. A connection failure is
   * reported on every collector.
   */
  public static List<Run> runAll(
      DatasourceConfig ds, Engine engine, CustomSet custom, EngineResources resources) {
    List<Run> out = new ArrayList<>();
    if (custom.metrics().isEmpty()) {
      return out;
    }
    try (Target target = engine.open(ds, resources);
        Session session = target.open(ds.connectTimeout())) {
      for (CustomMetric m : custom.metrics()) {
        Duration limit =
            m.definition().timeout().compareTo(ds.queryTimeout()) < 0
                ? m.definition().timeout()
                : ds.queryTimeout();
        Run r = run(session, m, limit);
        out.add(
            r.ok()
                ? r
                : new Run(
                    r.collector(),
                    r.origin(),
                    false,
                    r.rows(),
                    r.truncated(),
                    r.samples(),
                    r.seriesDropped(),
                    r.millis(),
                    redact(r.error(), ds)));
      }
    } catch (Exception e) {
      String why = "cannot connect: " + redact(firstLine(e), ds);
      for (CustomMetric m : custom.metrics()) {
        out.add(new Run(m.id(), m.origin(), false, 0, false, 0, 0, 0, why));
      }
    }
    return out;
  }

  private static String firstLine(Throwable e) {
    Throwable t = e;
    String msg = null;
    while (t != null) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        msg = t.getMessage();
      }
      t = t.getCause() == t ? null : t.getCause();
    }
    String m = msg == null ? e.getClass().getSimpleName() : msg;
    return m.lines().findFirst().orElse(m).strip();
  }

  private static String redact(String s, DatasourceConfig ds) {
    String pw = ds.password().reveal();
    return pw.length() < 3 ? s : s.replace(pw, "******");
  }
}
