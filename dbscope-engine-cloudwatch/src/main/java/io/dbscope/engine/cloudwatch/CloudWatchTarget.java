package io.dbscope.engine.cloudwatch;

import io.dbscope.core.engine.Session;
import io.dbscope.core.engine.Target;
import java.time.Duration;
import java.time.InstantSource;

/**
 * A cloudwatch datasource's live side: its place in the region's poller. Opening a session makes no
 * call: sessions read the poller's last results.
 */
final class CloudWatchTarget implements Target {
  private final Pollers pollers;
  private final Pollers.Handle handle;
  private final InstantSource clock;

  CloudWatchTarget(Pollers pollers, Pollers.Handle handle, InstantSource clock) {
    this.pollers = pollers;
    this.handle = handle;
    this.clock = clock;
  }

  Pollers.Handle handle() {
    return handle;
  }

  @Override
  public Session open(Duration timeout) {
    return new CloudWatchSession(handle, clock);
  }

  @Override
  public void close() {
    pollers.leave(handle);
  }
}
