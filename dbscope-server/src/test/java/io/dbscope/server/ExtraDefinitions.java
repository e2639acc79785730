package io.dbscope.server;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.config.EngineOptions;
import io.dbscope.core.config.OptionTable;
import io.dbscope.core.custom.QueryGuard;
import io.dbscope.core.definition.Definition;
import io.dbscope.core.definition.DefinitionLoader;
import io.dbscope.core.engine.Engine;
import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.engine.Target;
import io.dbscope.core.scrape.ErrorSigns;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A real engine with extra definitions appended, for tests that need a slow or broken query on a
 * real server. Not a mock: connections, SQL and mapping are the real engine's.
 */
record ExtraDefinitions(Engine real, List<Definition> extra) implements Engine {

  static ExtraDefinitions of(Engine real, String yaml) {
    return new ExtraDefinitions(
        real,
        new DefinitionLoader()
            .load(
                "test-extra.yaml",
                new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))));
  }

  @Override
  public String id() {
    return real.id();
  }

  @Override
  public List<String> aliases() {
    return real.aliases();
  }

  @Override
  public int defaultPort() {
    return real.defaultPort();
  }

  @Override
  public String upMetric() {
    return real.upMetric();
  }

  @Override
  public Target open(DatasourceConfig c, EngineResources r) {
    return real.open(c, r);
  }

  @Override
  public ErrorSigns errorSigns() {
    return real.errorSigns();
  }

  @Override
  public QueryGuard queryGuard(EngineOptions global) {
    return real.queryGuard(global);
  }

  @Override
  public List<OptionTable> optionTables() {
    return real.optionTables();
  }

  @Override
  public List<OptionTable> globalOptionTables() {
    return real.globalOptionTables();
  }

  @Override
  public DatasourceConfig resolveOptions(DatasourceConfig c, List<DatasourceConfig> all) {
    return real.resolveOptions(c, all);
  }

  @Override
  public List<String> validate(DatasourceConfig c) {
    return real.validate(c);
  }

  @Override
  public List<Definition> definitions() {
    List<Definition> all = new ArrayList<>(real.definitions());
    all.addAll(extra);
    return all;
  }
}
