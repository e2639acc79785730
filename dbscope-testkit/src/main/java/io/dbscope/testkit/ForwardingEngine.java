package io.dbscope.testkit;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.config.EngineOptions;
import io.dbscope.core.config.Option;
import io.dbscope.core.config.OptionTable;
import io.dbscope.core.custom.QueryGuard;
import io.dbscope.core.definition.Definition;
import io.dbscope.core.engine.Engine;
import io.dbscope.core.engine.EngineResources;
import io.dbscope.core.engine.ExporterHealth;
import io.dbscope.core.engine.StatefulCollector;
import io.dbscope.core.engine.Target;
import io.dbscope.core.scrape.ErrorKind;
import io.dbscope.core.scrape.ErrorSigns;
import java.util.List;
import java.util.Map;

/**
 * A real engine with a test's changes: every method goes to {@link #delegate()} unless the subclass
 * overrides it (most often {@link #definitions()}). Written once here, so that a method added to
 * {@link Engine} is forwarded by every test's wrapper, not answered with its default.
 */
public abstract class ForwardingEngine implements Engine {
  private final Engine delegate;

  protected ForwardingEngine(Engine delegate) {
    this.delegate = delegate;
  }

  protected final Engine delegate() {
    return delegate;
  }

  @Override
  public String id() {
    return delegate.id();
  }

  @Override
  public List<String> aliases() {
    return delegate.aliases();
  }

  @Override
  public int defaultPort() {
    return delegate.defaultPort();
  }

  @Override
  public String about() {
    return delegate.about();
  }

  @Override
  public String urlExample() {
    return delegate.urlExample();
  }

  @Override
  public List<OptionTable> optionTables() {
    return delegate.optionTables();
  }

  @Override
  public List<OptionTable> globalOptionTables() {
    return delegate.globalOptionTables();
  }

  @Override
  public Map<String, Option<Boolean>> groupSwitches() {
    return delegate.groupSwitches();
  }

  @Override
  public DatasourceConfig resolveOptions(DatasourceConfig config, List<DatasourceConfig> all) {
    return delegate.resolveOptions(config, all);
  }

  @Override
  public String upMetric() {
    return delegate.upMetric();
  }

  @Override
  public String upHelp() {
    return delegate.upHelp();
  }

  @Override
  public ExporterHealth exporterHealth() {
    return delegate.exporterHealth();
  }

  @Override
  public QueryGuard queryGuard(EngineOptions global) {
    return delegate.queryGuard(global);
  }

  @Override
  public String guardVariant(DatasourceConfig config) {
    return delegate.guardVariant(config);
  }

  @Override
  public QueryGuard queryGuard(EngineOptions global, String variant) {
    return delegate.queryGuard(global, variant);
  }

  @Override
  public ErrorSigns errorSigns() {
    return delegate.errorSigns();
  }

  @Override
  public ErrorKind classify(Throwable e) {
    return delegate.classify(e);
  }

  @Override
  public boolean connectionLost(Throwable e) {
    return delegate.connectionLost(e);
  }

  @Override
  public List<Definition> definitions() {
    return delegate.definitions();
  }

  @Override
  public Target open(DatasourceConfig config, EngineResources resources) {
    return delegate.open(config, resources);
  }

  @Override
  public List<StatefulCollector> statefulCollectors(DatasourceConfig config) {
    return delegate.statefulCollectors(config);
  }

  @Override
  public List<String> validate(DatasourceConfig config) {
    return delegate.validate(config);
  }
}
