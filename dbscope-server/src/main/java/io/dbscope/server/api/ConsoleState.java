package io.dbscope.server.api;

import io.dbscope.core.cluster.ClusterView;

/**
 * What the console keeps beside the running config, for as long as the process runs: the history of
 * key series and statements, the recent events, and the cluster's view of who owns which
 * datasource. Built once at start and handed to the HTTP side and the sampler.
 *
 * <pre>{@code
 * ConsoleState console = ConsoleState.standalone();
 * EventSink sink = logSink.and(console.events());
 * }</pre>
 */
public record ConsoleState(
    History history, StatementHistory statements, RecentEvents events, ClusterView cluster) {

  /** Events kept for the API: the newest thousand of the whole fleet. */
  public static final int EVENTS = 1000;

  /** A single dbscope's console with empty history. */
  public static ConsoleState standalone() {
    return new ConsoleState(
        new History(), new StatementHistory(), new RecentEvents(EVENTS), ClusterView.local());
  }

  /** The same console, seeing datasource ownership through {@code view} (cluster mode). */
  public ConsoleState in(ClusterView view) {
    return new ConsoleState(history, statements, events, view);
  }
}
