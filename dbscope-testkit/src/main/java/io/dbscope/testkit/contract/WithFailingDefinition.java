package io.dbscope.testkit.contract;

import io.dbscope.core.definition.Column;
import io.dbscope.core.definition.Definition;
import io.dbscope.core.definition.Mapping;
import io.dbscope.core.engine.Engine;
import io.dbscope.core.engine.ExporterHealth;
import io.dbscope.testkit.ForwardingEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An engine as it is, with one more built-in definition whose query fails, placed after {@code
 * model} so that it is planned whenever {@code model} is (same versions, tags and group).
 * Everything else is the engine's own: its target, error classification and guard.
 */
final class WithFailingDefinition extends ForwardingEngine {
  static final String ID = "contract_failing";

  private final List<Definition> definitions;

  WithFailingDefinition(Engine engine, Definition model, String query) {
    super(engine);
    Definition failing =
        new Definition(
            ID,
            "A definition whose query fails, to show that it fails alone.",
            query,
            Duration.ZERO,
            model.timeout(),
            model.cacheClass(),
            model.versions(),
            model.tags(),
            model.group(),
            true,
            new Mapping.Columns(
                ID,
                List.of(
                    new Column(
                        "n",
                        Column.Usage.GAUGE,
                        Optional.of(ID + "_n"),
                        Optional.empty(),
                        "N.",
                        1.0,
                        Map.of()))),
            "the definitions contract");
    List<Definition> all = new ArrayList<>();
    for (Definition d : engine.definitions()) {
      all.add(d);
      if (d.id().equals(model.id())) {
        all.add(failing);
      }
    }
    this.definitions = List.copyOf(all);
  }

  @Override
  public List<Definition> definitions() {
    return definitions;
  }

  /**
   * The engine's exporter health, with the failing definition as a collector of its own, so that
   * the exporter's per-collector families show it failing.
   */
  @Override
  public ExporterHealth exporterHealth() {
    ExporterHealth own = delegate().exporterHealth();
    Map<String, String> collectors = new HashMap<>(own.collectors());
    collectors.put(ID, ID);
    return new ExporterHealth(own.families(), collectors, own.connectCollector());
  }
}
