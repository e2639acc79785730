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
 * Runs custom collectors once, the way a scrape does, for {@code dbscope check --connect}: only
 * what the SQL guard accepted (a metric marked {@code unchecked}, whose query the guard could not
 * read, is reported and not run), each guarded as in a scrape (read-only transaction that is rolled
 * back, the session reset afterwards, row and byte bounds, timeout), then the same judging of rows.
 * Validating a config must not disturb other sessions of the database more than monitoring it does.
 *
 * <pre>{@code
 * for (CustomMetricRunner.Run r : CustomMetricRunner.runAll(ds, engine, report.custom(), resources)) {
 *   out.printf("%s %d rows %d ms %s%n", r.collector(), r.rows(), r.millis(), r.error());
 * }
 * }</pre>
 */
public final class CustomMetricRunner {
  private CustomMetricRunner() {}

  /** Why {@code check} does not run a metric marked {@code unchecked}. */
  public static final String UNCHECKED =
      "not run: unchecked (the engine's guard could not read the query, so check does not run it)";

  /**
   * One run.
   *
   * @param ok whether the collector would succeed in a scrape
   * @param rows rows read (at most maxRows)
   * @param truncated whether more rows were cut
   * @param samples samples it would export
   * @param seriesDropped samples dropped by maxSeries
   * @param millis time of the query
   * @param error why it failed, or why it did not run; empty when ok
   * @param ran whether the query ran at all (see {@link #UNCHECKED})
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
      String error,
      boolean ran) {

    /** A run that failed before or without a query. */
    static Run failed(CustomMetric m, long millis, String why) {
      return new Run(m.id(), m.origin(), false, 0, false, 0, 0, millis, why, true);
    }

    /** A metric not run, and why. */
    static Run notRun(CustomMetric m, String why) {
      return new Run(m.id(), m.origin(), false, 0, false, 0, 0, 0, why, false);
    }

    Run redacted(DatasourceConfig ds) {
      return new Run(
          collector,
          origin,
          ok,
          rows,
          truncated,
          samples,
          seriesDropped,
          millis,
          redact(error, ds),
          ran);
    }
  }

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
          o.problem().orElse(""),
          true);
    } catch (Exception e) {
      return Run.failed(m, (System.nanoTime() - t0) / 1_000_000, firstLine(e));
    }
  }

  /**
   * Connects to a datasource and runs each of its custom collectors that the guard accepted. A
   * collector whose query lost the connection (or made the engine discard it) fails alone: the next
   * one runs on a new connection. A connection failure is reported on every collector left.
   */
  public static List<Run> runAll(
      DatasourceConfig ds, Engine engine, CustomSet custom, EngineResources resources) {
    List<Run> out = new ArrayList<>();
    if (custom.metrics().isEmpty()) {
      return out;
    }
    Session session = null;
    try (Target target = engine.open(ds, resources)) {
      for (CustomMetric m : custom.metrics()) {
        if (m.unchecked()) {
          out.add(Run.notRun(m, UNCHECKED));
          continue;
        }
        if (session == null || !session.isOpen()) {
          if (session != null) {
            session.close();
            session = null;
          }
          try {
            session = target.open(ds.connectTimeout());
          } catch (Exception e) {
            String why = "cannot connect: " + redact(firstLine(e), ds);
            List<CustomMetric> all = custom.metrics();
            for (CustomMetric left : all.subList(out.size(), all.size())) {
              out.add(left.unchecked() ? Run.notRun(left, UNCHECKED) : Run.failed(left, 0, why));
            }
            return out;
          }
        }
        Duration limit =
            m.definition().timeout().compareTo(ds.queryTimeout()) < 0
                ? m.definition().timeout()
                : ds.queryTimeout();
        out.add(run(session, m, limit).redacted(ds));
      }
    } finally {
      if (session != null) {
        session.close();
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
