package io.dbscope.engine.cloudwatch;

import io.dbscope.core.definition.Definition;
import io.dbscope.core.definition.ServerVersion;
import io.dbscope.core.engine.ResultRows;
import io.dbscope.core.engine.ServerFacts;
import io.dbscope.core.engine.Session;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.Set;

/**
 * A view of a datasource's latest GetMetricData results; it makes no call of its own, so that a
 * scrape never costs a CloudWatch request.
 */
final class CloudWatchSession implements Session {
  private final Pollers.Handle handle;
  private final InstantSource clock;

  CloudWatchSession(Pollers.Handle handle, InstantSource clock) {
    this.handle = handle;
    this.clock = clock;
  }

  Subscription subscription() {
    return handle.subscription();
  }

  PollerKey key() {
    return handle.key();
  }

  InstantSource clock() {
    return clock;
  }

  @Override
  public ServerFacts facts(Duration timeout) {
    return new ServerFacts(
        "CloudWatch " + handle.key().region(),
        ServerVersion.UNKNOWN,
        ServerFacts.Role.UNKNOWN,
        Set.of(),
        Optional.empty());
  }

  @Override
  public ResultRows query(Definition definition, Duration timeout) {
    throw new UnsupportedOperationException("cloudwatch datasources run no definitions");
  }

  /** Nothing to ask: the poller's state is reported by the {@code cloudwatch} collector. */
  @Override
  public void ping(Duration timeout) {}

  @Override
  public void close() {}
}
