package io.dbscope.core.engine;

/**
 * History a datasource keeps in memory between scrapes that is worth carrying to another dbscope
 * instance when the datasource moves (cluster mode): query analytics' baselines and per-fingerprint
 * sums, so that exported counters continue instead of resetting. Offered by a {@link
 * StatefulCollector} that implements it too; the cluster finds it with an {@code instanceof}, as
 * the statements API finds its sources.
 *
 * <pre>{@code
 * byte[] saved = state.exportState();   // the instance giving the datasource up
 * other.restoreState(saved);            // the instance taking it over, before its first read
 * }</pre>
 *
 * <p>The bytes are opaque outside the implementation, which versions them: {@link #restoreState} of
 * bytes it cannot read (another version, another engine) starts afresh, like a restart.
 */
public interface DatasourceState {

  /** Which state this is ({@code "statements"}): several per datasource are kept apart by it. */
  String stateId();

  /** The whole state, self-contained; called between collections (implementations lock). */
  byte[] exportState();

  /**
   * Replaces the state with {@code bytes} from {@link #exportState}; an empty array forgets
   * everything (the next read is a new baseline, as after a restart).
   */
  void restoreState(byte[] bytes);
}
