package io.dbscope.core.scrape;

import io.dbscope.core.definition.Definition;
import io.dbscope.core.engine.ServerFacts;
import io.dbscope.core.engine.StatefulCollector;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Every collector a datasource knows, as the HTTP API shows them ({@link
 * MonitoredDatasource#collectors}): the planned ones in scrape order with their last run, then the
 * definitions and stateful collectors that are not planned, each with why.
 */
final class CollectorStatuses {
  static final String NOT_CONNECTED = "not planned yet: no connection to the server so far";

  private CollectorStatuses() {}

  /**
   * @param facts the connected server, null before the first connection
   * @param skipReason why a definition does not run on a server ({@link Planner#skipReason})
   */
  static List<CollectorStatus> of(
      ServerFacts facts,
      ScrapePlan plan,
      List<Definition> definitions,
      List<StatefulCollector> stateful,
      BiFunction<Definition, ServerFacts, Optional<String>> skipReason,
      PlanRunner runner) {
    List<CollectorStatus> out = new ArrayList<>();
    Set<String> planned = new HashSet<>();
    for (PlannedCollector c : plan.collectors()) {
      planned.add(c.id());
      String kind =
          switch (c) {
            case PlannedCollector.BuiltIn b -> "built-in";
            case PlannedCollector.Guarded g -> "custom";
            case PlannedCollector.Stateful s -> "stateful";
          };
      out.add(runner.status(c.id(), kind));
    }
    for (Definition d : definitions) {
      if (!planned.contains(d.id())) {
        String reason =
            facts == null ? NOT_CONNECTED : skipReason.apply(d, facts).orElse("not planned");
        out.add(
            CollectorStatus.skipped(d.id(), d.limits().guarded() ? "custom" : "built-in", reason));
      }
    }
    for (StatefulCollector c : stateful) {
      if (!planned.contains(c.id())) {
        String reason =
            facts == null ? NOT_CONNECTED : "does not apply to this server or configuration";
        out.add(CollectorStatus.skipped(c.id(), "stateful", reason));
      }
    }
    return out;
  }
}
