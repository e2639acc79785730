package io.dbscope.server.http;

import io.dbscope.core.scrape.MonitoredDatasource;
import io.dbscope.engine.sql.analytics.StatementSource;
import io.dbscope.engine.sql.analytics.StatementView;
import io.dbscope.server.Monitor;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code GET
 * /api/v1/datasources/{name}/statements?sort=total_time&limit=50&page=1&database=d&user=u}: the
 * full detail of query analytics (every tracked fingerprint, its normalized text and statistics),
 * which stays out of Prometheus on purpose. Behind the same auth as {@code /metrics}; its answers,
 * errors included, are written by {@link JsonAnswers}. A statement an application reporting to
 * dbscope (an {@code app} datasource whose {@code appOf} names this one) also ran carries the
 * application's figures ({@code app_calls}, {@code app_time_seconds}, …), joined on {@code
 * text_fingerprint}.
 */
final class StatementsApi implements JsonAnswers.Endpoint {
  static final PathPattern PATH = PathPattern.between("/api/v1/datasources/", "/statements");
  private static final int MAX_LIMIT = 5000;

  /** Tracked statements read when filtering (the trackers keep fewer). */
  private static final int MAX_ROWS = 100_000;

  private final Supplier<Monitor> monitor;

  StatementsApi(Supplier<Monitor> monitor) {
    this.monitor = monitor;
  }

  @Override
  public JsonAnswer answer(Request request) {
    String name = URLDecoder.decode(request.pathPart(), StandardCharsets.UTF_8);
    Optional<MonitoredDatasource> datasource = monitor.get().fleet().get(name);
    if (datasource.isEmpty()) {
      return JsonAnswer.error(404, "no datasource named '" + name + "'");
    }
    Optional<StatementSource> source =
        datasource.get().statefulCollectors().stream()
            .filter(c -> c instanceof StatementSource)
            .map(c -> (StatementSource) c)
            .findFirst();
    if (source.isEmpty()) {
      return JsonAnswer.error(
          404,
          "datasource '"
              + name
              + "' has no statement statistics (engine "
              + datasource.get().engine().id()
              + ")");
    }
    String sort = request.param("sort").filter(s -> !s.isEmpty()).orElse("total_time");
    Optional<String> limit = request.param("limit").filter(l -> !l.isEmpty());
    int n;
    try {
      n = limit.isEmpty() ? 100 : Integer.parseInt(limit.get());
    } catch (NumberFormatException e) {
      return JsonAnswer.error(400, "limit must be a whole number from 1 to " + MAX_LIMIT);
    }
    if (n < 1 || n > MAX_LIMIT) {
      return JsonAnswer.error(400, "limit must be a whole number from 1 to " + MAX_LIMIT);
    }
    if (!StatementSource.SORT_KEYS.contains(sort)) {
      return JsonAnswer.error(400, "sort must be one of " + StatementSource.SORT_KEYS);
    }
    Optional<String> database = ApiV1.param(request, "database");
    Optional<String> user = ApiV1.param(request, "user");
    int page = ApiV1.number(request, "page", 1, 1, Integer.MAX_VALUE);
    // Filters and pages apply to the tracked statements in sort order; without them, the first
    // page is what the API always answered.
    List<StatementView> rows =
        source
            .get()
            .statements(
                sort,
                (int)
                    Math.min(
                        database.isEmpty() && user.isEmpty() ? (long) n * page : MAX_ROWS,
                        MAX_ROWS));
    List<StatementView> matching =
        rows.stream()
            .filter(v -> database.map(d -> d.equals(v.database())).orElse(true))
            .filter(v -> user.map(u -> u.equals(v.user())).orElse(true))
            .toList();
    List<StatementView> shown =
        matching.subList(
            Math.min(matching.size(), (page - 1) * n), Math.min(matching.size(), page * n));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("datasource", name);
    body.put("sort", sort);
    body.put("limit", n);
    body.put("page", page);
    database.ifPresent(d -> body.put("database", d));
    user.ifPresent(u -> body.put("user", u));
    body.put("statements", AppStatements.of(monitor.get().fleet().all(), name).join(shown));
    return JsonAnswer.success(body);
  }
}
