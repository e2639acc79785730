package io.dbscope.core.engine;

import java.util.Map;

/**
 * A stateful collector that holds what an application measured per statement on its side of the
 * connection (calls and time as the application waited), read from the application itself. The
 * server finds it among {@code MonitoredDatasource.statefulCollectors()} with an {@code instanceof}
 * check and shows its figures next to the database datasource's own statement statistics, joined on
 * the statement's text fingerprint. Read from other threads than the collecting one, so
 * implementations publish an immutable map.
 */
public interface ClientStatements {

  /** Name of the database datasource the application talks to ({@code appOf}). */
  String serves();

  /**
   * The latest figures per text fingerprint, cumulative since the application started; empty before
   * the first successful read.
   */
  Map<String, Figures> byTextFingerprint();

  /**
   * One statement as the application measured it.
   *
   * @param calls executions
   * @param totalSeconds time the application waited for them, in total
   * @param maxSeconds the longest one
   * @param errors executions that failed
   * @param rows rows the application read
   */
  record Figures(long calls, double totalSeconds, double maxSeconds, long errors, long rows) {

    /** The sum of two instances' (or two datasources') figures of one statement. */
    public Figures plus(Figures o) {
      return new Figures(
          calls + o.calls,
          totalSeconds + o.totalSeconds,
          Math.max(maxSeconds, o.maxSeconds),
          errors + o.errors,
          rows + o.rows);
    }
  }
}
