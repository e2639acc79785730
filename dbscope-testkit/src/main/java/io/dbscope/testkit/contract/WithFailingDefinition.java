package io.dbscope.testkit.contract;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.config.EngineOptions;
import io.dbscope.core.config.Option;
import io.dbscope.core.config.OptionTable;
import io.dbscope.core.custom.QueryGuard;
import io.dbscope.core.definition.Column;
import io.dbscope.core.definition.Definition;
import io.dbscope.core.definition.Mapping;
import io.dbscope.core.engine.Engine;
import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.engine.ExporterHealth;
import io.dbscope.core.engine.StatefulCollector;
import io.dbscope.core.engine.Target;
import io.dbscope.core.scrape.ErrorKind;
import io.dbscope.core.scrape.ErrorSigns;
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
final class WithFailingDefinition implements Engine {
  static final String ID = "contract_failing";

  private final Engine engine;
  private final List<Definition> definitions;

  WithFailingDefinition(Engine engine, Definition model, String query) {
    this.engine = engine;
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
  public String id() {
    return engine.id();
  }

  @Override
  public List<String> aliases() {
    return engine.aliases();
  }

  @Override
  public int defaultPort() {
    return engine.defaultPort();
  }

  @Override
  public String upMetric() {
    return engine.upMetric();
  }

  @Override
  public String upHelp() {
    return engine.upHelp();
  }

  /**
   * The engine's exporter health, with the failing definition as a collector of its own, so that
   * the exporter's per-collector families show it failing.
   */
  @Override
  public ExporterHealth exporterHealth() {
    ExporterHealth own = engine.exporterHealth();
    Map<String, String> collectors = new HashMap<>(own.collectors());
    collectors.put(ID, ID);
    return new ExporterHealth(own.families(), collectors, own.connectCollector());
  }

  @Override
  public QueryGuard queryGuard(EngineOptions global) {
    return engine.queryGuard(global);
  }

  @Override
  public List<OptionTable> optionTables() {
    return engine.optionTables();
  }

  @Override
  public List<OptionTable> globalOptionTables() {
    return engine.globalOptionTables();
  }

  @Override
  public Map<String, Option<Boolean>> groupSwitches() {
    return engine.groupSwitches();
  }

  @Override
  public DatasourceConfig resolveOptions(DatasourceConfig config, List<DatasourceConfig> all) {
    return engine.resolveOptions(config, all);
  }

  @Override
  public ErrorSigns errorSigns() {
    return engine.errorSigns();
  }

  @Override
  public ErrorKind classify(Throwable e) {
    return engine.classify(e);
  }

  @Override
  public boolean connectionLost(Throwable e) {
    return engine.connectionLost(e);
  }

  @Override
  public List<Definition> definitions() {
    return definitions;
  }

  @Override
  public Target open(DatasourceConfig config, EngineResources resources) {
    return engine.open(config, resources);
  }

  @Override
  public List<StatefulCollector> statefulCollectors(DatasourceConfig config) {
    return engine.statefulCollectors(config);
  }

  @Override
  public List<String> validate(DatasourceConfig config) {
    return engine.validate(config);
  }
}
