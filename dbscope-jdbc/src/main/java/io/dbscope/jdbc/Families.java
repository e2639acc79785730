package io.dbscope.jdbc;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The metric families and datasource instruments of each registry. A registry accepts each metric
 * name once, and the application may wrap many datasources (and open {@code jdbc:dbscope:} URLs)
 * into the same one, so the families are created once per registry and found again here. This is
 * the one piece of static state of the library, as {@code PrometheusRegistry.defaultRegistry} is
 * client_java's; it holds registries weakly, so a test's registry goes with the test.
 */
final class Families {
  private static final Map<PrometheusRegistry, Families> BY_REGISTRY = new WeakHashMap<>();

  final JdbcMetrics metrics;
  private final ConcurrentHashMap<String, Instrument> instruments = new ConcurrentHashMap<>();

  private Families(PrometheusRegistry registry) {
    this.metrics = new JdbcMetrics(registry);
  }

  static Families of(PrometheusRegistry registry) {
    synchronized (BY_REGISTRY) {
      return BY_REGISTRY.computeIfAbsent(registry, Families::new);
    }
  }

  /** The instrument of a datasource name; the options of its first wrapping stay. */
  Instrument instrument(String name, JdbcOptions options) {
    return instruments.computeIfAbsent(name, n -> new Instrument(n, metrics, options));
  }

  /** The instrument of a datasource name, or null when nothing was wrapped under it. */
  Instrument find(String name) {
    return instruments.get(name);
  }

  Iterable<Instrument> all() {
    return instruments.values();
  }
}
