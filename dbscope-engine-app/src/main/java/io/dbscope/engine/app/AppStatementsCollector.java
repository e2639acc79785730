package io.dbscope.engine.app;

import io.dbscope.core.config.DatasourceConfig;
import io.dbscope.core.engine.ClientStatements;
import io.dbscope.core.engine.ServerFacts;
import io.dbscope.core.engine.Session;
import io.dbscope.core.engine.StatefulCollector;
import io.dbscope.core.metrics.SampleBatch;
import io.dbscope.core.scrape.Deadline;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.Map;

/**
 * Keeps the latest per-fingerprint figures of the application, which the server's statements API of
 * the {@code appOf} datasource shows. The figures stay out of Prometheus: dbscope-jdbc exports its
 * own metrics from the application. Written by one collection at a time, read by HTTP threads: an
 * immutable map behind a volatile field.
 */
final class AppStatementsCollector implements StatefulCollector, ClientStatements {
  static final String ID = "app_statements";

  private final String serves;
  private volatile Map<String, Figures> latest = Map.of();

  AppStatementsCollector(DatasourceConfig config) {
    this.serves = config.option(AppOptions.APP_OF);
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public boolean applies(ServerFacts facts, DatasourceConfig config) {
    return true;
  }

  @Override
  public void collect(Session session, Deadline deadline, Labels labels, SampleBatch out) {
    if (session instanceof AppSession app) {
      latest = app.statements();
    }
  }

  @Override
  public String serves() {
    return serves;
  }

  @Override
  public Map<String, Figures> byTextFingerprint() {
    return latest;
  }
}
