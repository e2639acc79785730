package io.dbscope.engine.sql.analytics;

import io.dbscope.core.engine.DatasourceState;

/**
 * A statement collector whose history moves with its datasource in cluster mode: the state is its
 * {@link StatementAnalytics}' (baselines and per-fingerprint sums), under one id for every engine.
 */
public interface AnalyticsCarrier extends DatasourceState {
  /** The history this collector keeps. */
  StatementAnalytics analytics();

  @Override
  default String stateId() {
    return "statements";
  }

  @Override
  default byte[] exportState() {
    return analytics().exportState();
  }

  @Override
  default void restoreState(byte[] bytes) {
    analytics().restoreState(bytes);
  }
}
