package io.dbscope.server;

import io.dbscope.cluster.ClusterNode;
import io.dbscope.core.cluster.ClusterView;
import io.dbscope.core.config.DbscopeConfig;
import io.dbscope.core.engine.DatasourceState;
import io.dbscope.core.metrics.SampleBatch;
import io.dbscope.core.scrape.MonitoredDatasource;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Cluster mode as the server sees it: the {@link ClusterNode} when the config has a {@code
 * [cluster]} table naming a Redis, else nothing ({@link ClusterView#local()}). The node reads the
 * running {@link Monitor} at each beat, so a reload changes the datasources it shares. A change of
 * {@code [cluster]} itself takes effect at the next restart.
 */
public final class ClusterSupport implements AutoCloseable {
  private final Optional<ClusterNode> node;

  private ClusterSupport(Optional<ClusterNode> node) {
    this.node = node;
  }

  /**
   * @param monitor the running monitor, empty while dbscope is starting
   */
  public static ClusterSupport of(DbscopeConfig config, Supplier<Optional<Monitor>> monitor) {
    return new ClusterSupport(
        config.global().cluster().map(c -> new ClusterNode(c, new FleetSide(monitor))));
  }

  public ClusterView view() {
    return node.<ClusterView>map(n -> n).orElse(ClusterView.local());
  }

  public void samples(SampleBatch out) {
    node.ifPresent(n -> n.samples(out));
  }

  /** Starts beating, once the monitor is there to ask. */
  public void start() {
    node.ifPresent(ClusterNode::start);
  }

  /** Hands the owned datasources' state over and leaves the cluster at once. */
  @Override
  public void close() {
    node.ifPresent(ClusterNode::close);
  }

  /** The fleet through the running monitor, read at each beat. */
  private record FleetSide(Supplier<Optional<Monitor>> monitor) implements ClusterNode.Datasources {
    @Override
    public Collection<String> names() {
      return monitor.get().stream()
          .flatMap(m -> m.fleet().all().stream())
          .filter(d -> d.config().enabled())
          .map(d -> d.config().name())
          .toList();
    }

    @Override
    public List<DatasourceState> states(String name) {
      return monitor
          .get()
          .flatMap(m -> m.fleet().get(name))
          .map(FleetSide::states)
          .orElse(List.of());
    }

    private static List<DatasourceState> states(MonitoredDatasource d) {
      return d.statefulCollectors().stream()
          .filter(DatasourceState.class::isInstance)
          .map(DatasourceState.class::cast)
          .toList();
    }
  }
}
