package io.dbscope.jdbc;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@code db_client_connection_*} gauges (OpenTelemetry's connection pool conventions), read at
 * scrape time from every pool wrapped into the registry. A pool is anything that can tell its
 * counts ({@link Pool}); {@link HikariPool} reads HikariCP's pool bean.
 */
final class PoolGauges {
  /** What a pool reports; read at every scrape, so cheap and without I/O. */
  interface Pool {
    String datasource();

    String poolName();

    /** Idle, used, pending, max, idle min; negative when not known (pool not started). */
    int[] counts();
  }

  private final List<Pool> pools = new CopyOnWriteArrayList<>();

  PoolGauges(PrometheusRegistry registry) {
    GaugeWithCallback.builder()
        .name("db_client_connection_count")
        .help("Connections of the pool by state (idle or used)")
        .labelNames("datasource", "db_client_connection_pool_name", "db_client_connection_state")
        .callback(
            cb -> {
              for (Pool p : pools) {
                int[] c = p.counts();
                if (c[0] >= 0) {
                  cb.call(c[0], p.datasource(), p.poolName(), "idle");
                  cb.call(c[1], p.datasource(), p.poolName(), "used");
                }
              }
            })
        .register(registry);
    gauge(
        registry, "db_client_connection_pending_requests", "Requests waiting for a connection", 2);
    gauge(registry, "db_client_connection_max", "Most connections the pool may open", 3);
    gauge(registry, "db_client_connection_idle_min", "Fewest idle connections the pool keeps", 4);
  }

  private void gauge(PrometheusRegistry registry, String name, String help, int index) {
    GaugeWithCallback.builder()
        .name(name)
        .help(help)
        .labelNames("datasource", "db_client_connection_pool_name")
        .callback(
            cb -> {
              for (Pool p : pools) {
                int[] c = p.counts();
                if (c[index] >= 0) {
                  cb.call(c[index], p.datasource(), p.poolName());
                }
              }
            })
        .register(registry);
  }

  void add(Pool pool) {
    pools.add(pool);
  }
}
