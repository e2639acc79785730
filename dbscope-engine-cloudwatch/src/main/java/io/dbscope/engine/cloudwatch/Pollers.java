package io.dbscope.engine.cloudwatch;

import io.dbscope.core.engine.EngineResources;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The engine's pollers, one per {@link PollerKey}, shared by every datasource with that key and
 * closed (with its SDK client) when the last of them is closed.
 */
final class Pollers {
  /** A datasource's place in a poller, to read its results and to leave. */
  record Handle(PollerKey key, RegionPoller poller, Subscription subscription) {}

  private final Map<PollerKey, RegionPoller> pollers = new HashMap<>();
  private final Function<PollerKey, CloudWatchClients> clients;
  private final InstantSource clock;

  Pollers(Function<PollerKey, CloudWatchClients> clients, InstantSource clock) {
    this.clients = clients;
    this.clock = clock;
  }

  synchronized Handle join(
      PollerKey key,
      List<MetricQuery> queries,
      Optional<TagSelection> tags,
      EngineResources resources) {
    RegionPoller p =
        pollers.computeIfAbsent(key, k -> new RegionPoller(k, clients.apply(k), resources, clock));
    return new Handle(key, p, p.subscribe(queries, tags));
  }

  synchronized void leave(Handle h) {
    if (h.poller().unsubscribe(h.subscription()) && pollers.remove(h.key(), h.poller())) {
      h.poller().close();
    }
  }
}
