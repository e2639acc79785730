package io.dbscope.server.api;

import io.dbscope.core.scrape.MonitoredDatasource;
import io.dbscope.engine.sql.analytics.StatementSource;
import io.dbscope.engine.sql.analytics.StatementView;
import io.dbscope.server.Monitor;
import io.dbscope.server.http.AppStatements;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Top SQL as API v1 serves it and the console shows it: the statements of one datasource or of the
 * whole fleet, filtered by database, user and text, sorted and paged, each with its share of the
 * total time; or the same totals grouped by datasource, database or user (the dimension switch);
 * and one statement in full, with its minutes over the last hour and the application's figures
 * beside the server's when an {@code app} datasource reports them.
 */
public final class TopSqlApi {
  /** The sort keys; each sorts highest first. */
  public static final List<String> SORTS = StatementSource.SORT_KEYS;

  /** The dimensions: {@code statement} lists statements, the others group them. */
  public static final List<String> DIMENSIONS =
      List.of("statement", "datasource", "database", "user");

  /** Statements read per datasource for the fleet-wide view. */
  private static final int FLEET_PER_DATASOURCE = 500;

  private static final int PER_DATASOURCE = 5000;

  private final Supplier<Monitor> monitor;
  private final StatementHistory history;

  public TopSqlApi(Supplier<Monitor> monitor, StatementHistory history) {
    this.monitor = monitor;
    this.history = history;
  }

  /**
   * @param datasource one datasource, or empty for the fleet
   * @param search part of the normalized text, any case
   * @param page from 1
   */
  public record Query(
      Optional<String> datasource,
      Optional<String> database,
      Optional<String> user,
      Optional<String> search,
      String sort,
      String dimension,
      int page,
      int pageSize) {}

  /**
   * One statement in the list.
   *
   * @param share its total time over the total time of every statement that matched, 0 to 1
   * @param sparkline calls per minute over the last hour (only the costliest statements of each
   *     datasource are followed; empty for the others)
   */
  public record Row(
      String datasource,
      String fingerprint,
      String database,
      String user,
      String text,
      Double calls,
      Double totalTimeSeconds,
      Double meanTimeSeconds,
      Double maxTimeSeconds,
      Double rows,
      Double errors,
      double share,
      List<Double> sparkline) {}

  /** Statements grouped by one dimension's value. */
  public record Group(
      String key, int statements, double calls, double totalTimeSeconds, double share) {}

  /**
   * One page of Top SQL: {@code statements} for the dimension {@code statement}, else {@code
   * groups}.
   */
  public record Page(
      String datasource,
      String sort,
      String dimension,
      int matching,
      int page,
      int pageSize,
      int pages,
      double totalTimeSeconds,
      List<Row> statements,
      List<Group> groups) {}

  /** One statement in full. */
  public record Detail(
      String datasource, AppStatements.Row statement, List<StatementHistory.Point> history) {}

  /** Why a query cannot be answered (a 404 or 400). */
  public static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    Refused(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  public Page page(Query q) {
    if (!SORTS.contains(q.sort())) {
      throw new Refused(400, "sort must be one of " + SORTS);
    }
    if (!DIMENSIONS.contains(q.dimension())) {
      throw new Refused(400, "dimension must be one of " + DIMENSIONS);
    }
    List<Row> rows = new ArrayList<>();
    for (MonitoredDatasource d : sources(q.datasource())) {
      int limit = q.datasource().isPresent() ? PER_DATASOURCE : FLEET_PER_DATASOURCE;
      for (StatementView v : source(d).orElseThrow().statements(q.sort(), limit)) {
        if (keep(v, q)) {
          rows.add(row(d.config().name(), v));
        }
      }
    }
    double total = rows.stream().mapToDouble(r -> zero(r.totalTimeSeconds())).sum();
    int size = Math.max(1, Math.min(q.pageSize(), 500));
    if (!q.dimension().equals("statement")) {
      List<Group> groups = group(rows, q.dimension(), total);
      int pages = Math.max(1, (groups.size() + size - 1) / size);
      int page = Math.max(1, Math.min(q.page(), pages));
      List<Group> shown = groups.subList((page - 1) * size, Math.min(groups.size(), page * size));
      return new Page(
          q.datasource().orElse(null),
          q.sort(),
          q.dimension(),
          groups.size(),
          page,
          size,
          pages,
          total,
          List.of(),
          List.copyOf(shown));
    }
    rows.sort(Comparator.comparingDouble((Row r) -> -zero(key(r, q.sort()))));
    int pages = Math.max(1, (rows.size() + size - 1) / size);
    int page = Math.max(1, Math.min(q.page(), pages));
    List<Row> shown = new ArrayList<>();
    for (int i = (page - 1) * size; i < Math.min(rows.size(), page * size); i++) {
      Row r = rows.get(i);
      shown.add(withShare(r, total));
    }
    return new Page(
        q.datasource().orElse(null),
        q.sort(),
        q.dimension(),
        rows.size(),
        page,
        size,
        pages,
        total,
        shown,
        List.of());
  }

  public Detail statement(String datasource, String fingerprint) {
    MonitoredDatasource d = sources(Optional.of(datasource)).getFirst();
    StatementView found =
        source(d).orElseThrow().statements("total_time", PER_DATASOURCE).stream()
            .filter(v -> v.fingerprint().equals(fingerprint))
            .findFirst()
            .orElseThrow(
                () ->
                    new Refused(
                        404,
                        "datasource '"
                            + datasource
                            + "' tracks no statement '"
                            + fingerprint
                            + "'"));
    AppStatements.Row row =
        AppStatements.of(monitor.get().fleet().all(), datasource).join(List.of(found)).getFirst();
    return new Detail(datasource, row, history.points(datasource, fingerprint));
  }

  private List<MonitoredDatasource> sources(Optional<String> name) {
    if (name.isEmpty()) {
      return monitor.get().fleet().all().stream().filter(d -> source(d).isPresent()).toList();
    }
    MonitoredDatasource d =
        monitor
            .get()
            .fleet()
            .get(name.get())
            .orElseThrow(() -> new Refused(404, "no datasource named '" + name.get() + "'"));
    if (source(d).isEmpty()) {
      throw new Refused(
          404,
          "datasource '"
              + name.get()
              + "' has no statement statistics (engine "
              + d.engine().id()
              + ")");
    }
    return List.of(d);
  }

  static Optional<StatementSource> source(MonitoredDatasource d) {
    return d.statefulCollectors().stream()
        .filter(c -> c instanceof StatementSource)
        .map(c -> (StatementSource) c)
        .findFirst();
  }

  private static boolean keep(StatementView v, Query q) {
    return q.database().map(db -> db.equals(v.database())).orElse(true)
        && q.user().map(u -> u.equals(v.user())).orElse(true)
        && q.search()
            .map(
                s ->
                    v.text() != null
                        && v.text().toLowerCase(Locale.ROOT).contains(s.toLowerCase(Locale.ROOT)))
            .orElse(true);
  }

  private Row row(String datasource, StatementView v) {
    Map<String, Double> s = v.statistics();
    List<Double> spark = new ArrayList<>();
    for (StatementHistory.Point p : history.points(datasource, v.fingerprint())) {
      spark.add(p.calls());
    }
    return new Row(
        datasource,
        v.fingerprint(),
        v.database(),
        v.user(),
        v.text(),
        s.get("calls"),
        s.get("total_time_seconds"),
        s.get("mean_time_seconds"),
        s.get("max_time_seconds"),
        s.get("rows"),
        s.get("errors"),
        0,
        spark);
  }

  private static Row withShare(Row r, double total) {
    double share = total <= 0 ? 0 : zero(r.totalTimeSeconds()) / total;
    return new Row(
        r.datasource(),
        r.fingerprint(),
        r.database(),
        r.user(),
        r.text(),
        r.calls(),
        r.totalTimeSeconds(),
        r.meanTimeSeconds(),
        r.maxTimeSeconds(),
        r.rows(),
        r.errors(),
        Math.round(share * 10000) / 10000.0,
        r.sparkline());
  }

  private static List<Group> group(List<Row> rows, String dimension, double total) {
    Map<String, double[]> sums = new LinkedHashMap<>();
    for (Row r : rows) {
      String key =
          switch (dimension) {
            case "datasource" -> r.datasource();
            case "database" -> r.database();
            default -> r.user();
          };
      double[] a = sums.computeIfAbsent(key == null ? "" : key, k -> new double[3]);
      a[0]++;
      a[1] += zero(r.calls());
      a[2] += zero(r.totalTimeSeconds());
    }
    List<Group> out = new ArrayList<>();
    sums.forEach(
        (k, a) ->
            out.add(
                new Group(
                    k,
                    (int) a[0],
                    a[1],
                    a[2],
                    total <= 0 ? 0 : Math.round(a[2] / total * 10000) / 10000.0)));
    out.sort(Comparator.comparingDouble((Group g) -> -g.totalTimeSeconds()));
    return out;
  }

  private static Double key(Row r, String sort) {
    return switch (sort) {
      case "calls" -> r.calls();
      case "mean_time" -> r.meanTimeSeconds();
      case "rows" -> r.rows();
      case "errors" -> r.errors();
      default -> r.totalTimeSeconds();
    };
  }

  private static double zero(Double d) {
    return d == null || d.isNaN() ? 0 : d;
  }
}
