package io.dbscope.server.api;

import io.dbscope.core.cluster.ClusterView;
import io.dbscope.core.engine.ServerFacts;
import io.dbscope.core.scrape.CollectorStatus;
import io.dbscope.core.scrape.HealthState;
import io.dbscope.core.scrape.LastScrape;
import io.dbscope.core.scrape.MonitoredDatasource;
import io.dbscope.engine.sql.analytics.StatementSource;
import io.dbscope.server.Monitor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The datasources as API v1 serves them and the console pages show them (the pages read nothing
 * else): the fleet list with filters and paging, unhealthy first, and one datasource's detail with
 * its collectors, history and events. Only the page asked for is built in full, so that a fleet of
 * 1,000 datasources costs a sort and the rows shown.
 *
 * <pre>{@code
 * FleetApi.Page page = api.fleet(new FleetApi.Query(Optional.of("postgres"), Optional.empty(),
 *     Optional.of("unhealthy"), Optional.empty(), 1, 50));
 * }</pre>
 */
public final class FleetApi {
  public static final int MAX_PAGE_SIZE = 500;
  private static final Comparator<MonitoredDatasource> UNHEALTHY_FIRST =
      Comparator.<MonitoredDatasource>comparingInt(d -> rank(d.health()))
          .thenComparing(d -> d.config().name());

  private final Supplier<Monitor> monitor;
  private final History history;
  private final RecentEvents events;
  private final ClusterView cluster;

  public FleetApi(
      Supplier<Monitor> monitor, History history, RecentEvents events, ClusterView cluster) {
    this.monitor = monitor;
    this.history = history;
    this.events = events;
    this.cluster = cluster;
  }

  /**
   * Which datasources to list.
   *
   * @param label {@code name=value} of one of the datasource's labels
   * @param search part of the name, any case
   * @param page from 1
   */
  public record Query(
      Optional<String> engine,
      Optional<String> label,
      Optional<String> state,
      Optional<String> search,
      int page,
      int pageSize) {}

  /**
   * One page of the fleet.
   *
   * @param total datasources in the fleet
   * @param matching datasources the filters let through
   * @param states how many datasources are in each state, whole fleet
   * @param engines the engines in the fleet, for the filter
   */
  public record Page(
      int total,
      int matching,
      Map<String, Integer> states,
      List<String> engines,
      int page,
      int pageSize,
      int pages,
      List<Summary> datasources) {}

  /**
   * One datasource in the list.
   *
   * @param owner the dbscope instance that collects it in cluster mode, else null
   * @param sparkline queries per second over the last hour (one point a minute), or the scrape
   *     duration for an engine without a query count
   * @param sparklineSeries which of the two {@code sparkline} is
   */
  public record Summary(
      String name,
      String engine,
      Map<String, String> labels,
      String state,
      String serverVersion,
      String role,
      Double lastScrapeSeconds,
      String lastScrapeAt,
      String lastError,
      String owner,
      Double qps,
      Double tps,
      Double connections,
      String slowestCollector,
      Double slowestCollectorSeconds,
      List<Double> sparkline,
      String sparklineSeries) {}

  /** One collector of a datasource; times ISO-8601, unknown numbers null. */
  public record Collector(
      String id,
      String kind,
      boolean planned,
      String skipReason,
      String lastRun,
      String lastSuccess,
      Double lastSeconds,
      Double cacheAgeSeconds,
      long errors,
      String lastError) {}

  /**
   * A datasource in full.
   *
   * @param address host:port or URL, never with a password
   * @param statements whether it has statement statistics (Top SQL)
   */
  public record Detail(
      Summary datasource,
      String address,
      String description,
      boolean statements,
      List<Collector> collectors,
      History.Series history,
      List<Map<String, Object>> events) {}

  public Page fleet(Query q) {
    List<MonitoredDatasource> all = monitor.get().fleet().all();
    Map<String, Integer> states = new LinkedHashMap<>();
    for (HealthState s : HealthState.values()) {
      states.put(s.label(), 0);
    }
    TreeSet<String> engines = new TreeSet<>();
    List<MonitoredDatasource> matching = new ArrayList<>();
    for (MonitoredDatasource d : all) {
      states.merge(d.health().label(), 1, Integer::sum);
      engines.add(d.config().engineAlias());
      if (matches(d, q)) {
        matching.add(d);
      }
    }
    matching.sort(UNHEALTHY_FIRST);
    int size = Math.max(1, Math.min(q.pageSize(), MAX_PAGE_SIZE));
    int pages = Math.max(1, (matching.size() + size - 1) / size);
    int page = Math.max(1, Math.min(q.page(), pages));
    List<Summary> rows = new ArrayList<>();
    for (int i = (page - 1) * size; i < Math.min(matching.size(), page * size); i++) {
      rows.add(summary(matching.get(i)));
    }
    return new Page(
        all.size(), matching.size(), states, List.copyOf(engines), page, size, pages, rows);
  }

  public Optional<Detail> datasource(String name) {
    return monitor
        .get()
        .fleet()
        .get(name)
        .map(
            d ->
                new Detail(
                    summary(d),
                    d.config().address(),
                    d.config().description(),
                    d.statefulCollectors().stream().anyMatch(c -> c instanceof StatementSource),
                    d.collectors().stream().map(FleetApi::collector).toList(),
                    history.series(name, History.POINTS),
                    events.recent(Optional.of(name), Optional.empty(), 20)));
  }

  private static boolean matches(MonitoredDatasource d, Query q) {
    var c = d.config();
    if (q.engine().isPresent()
        && !q.engine().get().equals(c.engineAlias())
        && !q.engine().get().equals(d.engine().id())) {
      return false;
    }
    if (q.state().isPresent() && !q.state().get().equals(d.health().label())) {
      return false;
    }
    if (q.label().isPresent()) {
      String l = q.label().get();
      int eq = l.indexOf('=');
      boolean ok =
          eq < 0
              ? c.labels().containsKey(l)
              : l.substring(eq + 1).equals(c.labels().get(l.substring(0, eq)));
      if (!ok) {
        return false;
      }
    }
    return q.search().isEmpty()
        || c.name().toLowerCase(Locale.ROOT).contains(q.search().get().toLowerCase(Locale.ROOT));
  }

  private Summary summary(MonitoredDatasource d) {
    String name = d.config().name();
    Optional<ServerFacts> f = d.facts();
    Optional<LastScrape> last = d.lastScrape();
    Optional<CollectorStatus> slowest =
        d.collectors().stream()
            .filter(c -> c.planned() && Double.isFinite(c.lastSeconds()))
            .max(Comparator.comparingDouble(CollectorStatus::lastSeconds));
    History.Series spark = history.series(name, 60);
    List<Double> qps = spark.values().getOrDefault("qps", List.of());
    boolean hasQps = qps.stream().anyMatch(v -> v != null);
    return new Summary(
        name,
        d.config().engineAlias(),
        d.config().labels(),
        d.health().label(),
        f.map(x -> x.versionText().isEmpty() ? x.version().toString() : x.versionText())
            .orElse(null),
        f.map(x -> x.role().name().toLowerCase(Locale.ROOT)).orElse(null),
        last.map(s -> round(s.seconds())).orElse(null),
        last.map(s -> s.at().toString()).orElse(null),
        d.lastError(),
        owner(name),
        num(history.latest(name, 2)),
        num(history.latest(name, 3)),
        num(history.latest(name, 4)),
        slowest.map(CollectorStatus::id).orElse(null),
        slowest.map(c -> round(c.lastSeconds())).orElse(null),
        hasQps ? qps : spark.values().getOrDefault("scrape_seconds", List.of()),
        hasQps ? "qps" : "scrape_seconds");
  }

  private static Collector collector(CollectorStatus c) {
    return new Collector(
        c.id(),
        c.kind(),
        c.planned(),
        c.skipReason(),
        text(c.lastRun()),
        text(c.lastSuccess()),
        num(round(c.lastSeconds())),
        num(round(c.cacheAgeSeconds())),
        c.errors(),
        c.lastError());
  }

  private static int rank(HealthState s) {
    return switch (s) {
      case UNHEALTHY -> 0;
      case UNKNOWN -> 1;
      case HEALTHY -> 2;
      case DISABLED -> 3;
    };
  }

  private static String text(Instant i) {
    return i == null ? null : i.toString();
  }

  static Double num(double v) {
    return Double.isFinite(v) ? v : null;
  }

  static double round(double v) {
    return Double.isFinite(v) ? Math.round(v * 1e6) / 1e6 : v;
  }

  /** The instance that collects {@code name} in cluster mode (its URL, else its id), else null. */
  private String owner(String name) {
    if (!cluster.clustered()) {
      return null;
    }
    return cluster.ownerOf(name).map(o -> o.url().isEmpty() ? o.id() : o.url()).orElse(null);
  }
}
