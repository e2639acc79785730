package io.dbscope.server;

import io.dbscope.core.metrics.SampleBatch;
import io.dbscope.core.metrics.SelfMetric;
import io.prometheus.metrics.model.snapshots.Labels;

/**
 * Outcome of the last config load, exported as {@code dbscope_config_last_reload_successful} and
 * {@code dbscope_config_last_reload_success_timestamp_seconds} (the names Prometheus itself uses
 * for its own reloads, so the same alert pattern works).
 */
public final class ReloadStatus {
  private volatile boolean lastSuccessful = true;
  private volatile double lastSuccessSeconds = System.currentTimeMillis() / 1000.0;

  public void succeeded() {
    lastSuccessful = true;
    lastSuccessSeconds = System.currentTimeMillis() / 1000.0;
  }

  public void failed() {
    lastSuccessful = false;
  }

  public boolean lastSuccessful() {
    return lastSuccessful;
  }

  public double lastSuccessSeconds() {
    return lastSuccessSeconds;
  }

  void addSamples(SampleBatch b) {
    SelfMetric.CONFIG_RELOAD_SUCCESSFUL.add(b, Labels.EMPTY, lastSuccessful ? 1 : 0);
    SelfMetric.CONFIG_RELOAD_SUCCESS_TIME.add(b, Labels.EMPTY, lastSuccessSeconds);
  }
}
