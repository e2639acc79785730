package io.dbscope.core.scrape;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.definition.Definition;
import io.dbscope.core.engine.RowMapper;
import io.dbscope.core.engine.ServerFacts;
import io.dbscope.core.engine.StatefulCollector;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What a datasource collects from the server it is connected to, decided when the server's facts
 * change: the planned definitions (shown by the HTTP API, offered to the batched statement) and
 * every collector in scrape order -- built-ins and custom metrics as planned, then the stateful
 * collectors that apply to the server.
 *
 * @param definitions the definitions the {@link Planner} chose
 * @param collectors the definitions, then the stateful collectors, each with its kind
 * @param byId the same collectors by id, the order their self-metrics are written in ({@link
 *     CollectorRun#emit})
 */
record ScrapePlan(
    List<Definition> definitions, List<PlannedCollector> collectors, List<PlannedCollector> byId) {
  static final ScrapePlan EMPTY = new ScrapePlan(List.of(), List.of());

  ScrapePlan {
    definitions = List.copyOf(definitions);
    collectors = List.copyOf(collectors);
    byId = List.copyOf(byId);
  }

  ScrapePlan(List<Definition> definitions, List<PlannedCollector> collectors) {
    this(
        definitions,
        collectors,
        collectors.stream().sorted(Comparator.comparing(PlannedCollector::id)).toList());
  }

  /** The plan for a server; the one place where a collector's kind is decided. */
  static ScrapePlan of(
      List<Definition> planned,
      List<StatefulCollector> stateful,
      ServerFacts facts,
      DatasourceConfig config,
      Labels labels,
      RowMapper mapper,
      GuardedCollectors guarded) {
    List<PlannedCollector> collectors = new ArrayList<>();
    for (Definition d : planned) {
      Labels l = withServer(d, config, labels);
      collectors.add(
          d.limits().guarded()
              ? new PlannedCollector.Guarded(d, ResultCache.ttl(d, config), guarded, l)
              : new PlannedCollector.BuiltIn(d, ResultCache.ttl(d, config), mapper, l));
    }
    for (StatefulCollector c : stateful) {
      if (c.applies(facts, config)) {
        collectors.add(new PlannedCollector.Stateful(c, labels));
      }
    }
    return new ScrapePlan(planned, collectors);
  }

  /**
   * The datasource's labels plus the definition's {@code serverLabel}, made once per plan (one
   * value per datasource). A datasource label of the same name is the user's choice and stays.
   */
  static Labels withServer(Definition d, DatasourceConfig config, Labels labels) {
    return d.serverLabel()
        .filter(name -> !labels.contains(name))
        .map(name -> labels.add(name, config.server()))
        .orElse(labels);
  }
}
