package io.dbscope.core.cluster;

import java.util.List;
import java.util.Optional;

/** {@link ClusterView#local()}: a single instance that owns every datasource. */
enum LocalView implements ClusterView {
  INSTANCE;

  private static final Owner SELF = new Owner("local", "", true);

  @Override
  public boolean clustered() {
    return false;
  }

  @Override
  public boolean ownsLocally(String datasource) {
    return true;
  }

  @Override
  public Optional<Owner> ownerOf(String datasource) {
    return Optional.of(SELF);
  }

  @Override
  public List<Owner> members() {
    return List.of(SELF);
  }
}
