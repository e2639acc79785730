package io.dbscope.core.scrape;

import io.dbscope.core.engine.ServerFacts;
import io.dbscope.core.engine.Target;
import io.dbscope.core.metrics.SampleBatch;
import io.dbscope.core.metrics.SelfMetric;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.Locale;

/**
 * A datasource's {@code dbscope_datasource_info} and the connections it holds, for every scrape.
 * The info's label set is made again only when the server's facts change: adding three labels to
 * the datasource's set, each addition checked by client_java, for every datasource and scrape was a
 * twentieth of what the scrape of a mixed fleet allocated (JFR), with the health states' sets.
 */
final class DatasourceInfo {
  private record Made(ServerFacts facts, Labels labels) {}

  private final Labels labels;
  private final String engineAlias;
  private final Target target;
  private volatile Made made;

  DatasourceInfo(Labels labels, String engineAlias, Target target) {
    this.labels = labels;
    this.engineAlias = engineAlias;
    this.target = target;
  }

  void emit(SampleBatch batch, ServerFacts facts) {
    SelfMetric.DATASOURCE_INFO.add(batch, labels(facts), 1);
    int held = target.connectionsHeld();
    if (held >= 0) {
      SelfMetric.DATASOURCE_CONNECTIONS.add(batch, labels, held);
    }
  }

  /** The info's labels for {@code facts} (null before the first connection). */
  Labels labels(ServerFacts facts) {
    Made m = made;
    if (m == null || m.facts() != facts) {
      Labels info = SelfMetric.with(labels, "engine", engineAlias);
      info =
          SelfMetric.with(info, "server_version", facts == null ? "" : facts.version().toString());
      info = SelfMetric.with(info, "server_role", facts == null ? "unknown" : role(facts));
      m = new Made(facts, info);
      made = m;
    }
    return m.labels();
  }

  static String role(ServerFacts f) {
    return f.role().name().toLowerCase(Locale.ROOT);
  }

  /** The log line of a plan made for a server's facts: the first, or after {@code old} changed. */
  static String planned(String engine, ServerFacts old, ServerFacts now, int collectors) {
    return old == null
        ? "connected to %s %s (%s), %d collectors planned"
            .formatted(engine, now.version(), role(now), collectors)
        : "server changed (%s %s -> %s %s), plan recomputed: %d collectors"
            .formatted(old.version(), role(old), now.version(), role(now), collectors);
  }
}
