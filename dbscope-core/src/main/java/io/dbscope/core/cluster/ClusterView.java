package io.dbscope.core.cluster;

import java.util.List;
import java.util.Optional;

/**
 * Read-only view of who scrapes which datasource, for the HTTP side ({@code /metrics}, {@code
 * /probe}, {@code /sd}) and the web console. Without a {@code [cluster]} table there is one
 * instance and it owns everything: {@link #local()}.
 *
 * <pre>{@code
 * if (!view.ownsLocally("orders-db")) {
 *   view.ownerOf("orders-db").ifPresent(o -> redirectTo(o.url()));
 * }
 * }</pre>
 *
 * <p>Implementations are thread-safe and answer from memory (never from Redis), so that a scrape
 * never waits on the cluster's store.
 */
public interface ClusterView {

  /**
   * An instance that owns datasources.
   *
   * @param id the member's id (unique per process start)
   * @param url its advertised base URL ({@code http://host:9630}), empty for the local
   *     non-clustered instance
   * @param local whether it is this process
   */
  record Owner(String id, String url, boolean local) {}

  /** Whether this instance shares its datasources with others. */
  boolean clustered();

  /** Whether this instance scrapes {@code datasource} now. */
  boolean ownsLocally(String datasource);

  /**
   * The instance that scrapes {@code datasource} in this instance's view, or empty when none does
   * (a membership change is settling, or this instance cannot reach Redis and fenced itself).
   */
  Optional<Owner> ownerOf(String datasource);

  /** The live members in this instance's view, this one included (one entry when not clustered). */
  List<Owner> members();

  /** One instance owning everything: dbscope without {@code [cluster]}. */
  static ClusterView local() {
    return LocalView.INSTANCE;
  }
}
