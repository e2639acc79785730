package io.dbscope.server.api;

import java.util.Optional;

/**
 * Which dbscope instance collects a datasource, for the {@code owner} field of the datasources API.
 * A single dbscope owns every datasource and says nothing ({@link #LOCAL}); in cluster mode the
 * cluster's view names the instance.
 *
 * <pre>{@code
 * ClusterView view = name -> Optional.of("dbscope-2");
 * }</pre>
 */
@FunctionalInterface
public interface ClusterView {
  /** One dbscope alone: no owner to show. */
  ClusterView LOCAL = name -> Optional.empty();

  /** The instance that collects {@code datasource}, empty when not in cluster mode. */
  Optional<String> ownerOf(String datasource);
}
