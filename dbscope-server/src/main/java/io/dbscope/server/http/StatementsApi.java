package io.dbscope.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import io.dbscope.core.analytics.StatementSource;
import io.dbscope.core.analytics.StatementView;
import io.dbscope.core.scrape.MonitoredDatasource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/v1/datasources/{name}/statements?sort=total_time&limit=50}: the full detail of
 * query analytics (every tracked fingerprint, its normalized text and statistics), which stays out
 * of Prometheus on purpose. Behind the same auth as {@code /metrics}.
 */
final class StatementsApi {
  static final String PREFIX = "/api/v1/datasources/";
  static final String SUFFIX = "/statements";
  private static final int MAX_LIMIT = 5000;
  private final ObjectMapper json = new ObjectMapper();

  /** An answer: status and JSON body. */
  record Answer(int status, String body) {}

  static boolean matches(String path) {
    return path.startsWith(PREFIX) && path.endsWith(SUFFIX) && path.length() > PREFIX.length() + SUFFIX.length();
  }

  static String datasourceName(String path) {
    return java.net.URLDecoder.decode(
        path.substring(PREFIX.length(), path.length() - SUFFIX.length()), java.nio.charset.StandardCharsets.UTF_8);
  }

  Answer answer(Optional<MonitoredDatasource> datasource, String name, String sort, String limit)
      throws IOException {
    if (datasource.isEmpty()) {
      return error(404, "no datasource named '" + name + "'");
    }
    Optional<StatementSource> source =
        datasource.get().statefulCollectors().stream()
            .filter(c -> c instanceof StatementSource)
            .map(c -> (StatementSource) c)
            .findFirst();
    if (source.isEmpty()) {
      return error(404, "datasource '" + name + "' has no statement statistics (engine " + datasource.get().engine().id() + ")");
    }
    String s = sort == null || sort.isEmpty() ? "total_time" : sort;
    int n;
    try {
      n = limit == null || limit.isEmpty() ? 100 : Integer.parseInt(limit);
    } catch (NumberFormatException e) {
      return error(400, "limit must be a whole number from 1 to " + MAX_LIMIT);
    }
    if (n < 1 || n > MAX_LIMIT) {
      return error(400, "limit must be a whole number from 1 to " + MAX_LIMIT);
    }
    if (!StatementSource.SORT_KEYS.contains(s)) {
      return error(400, "sort must be one of " + StatementSource.SORT_KEYS);
    }
    List<StatementView> rows = source.get().statements(s, n);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", "success");
    body.put("datasource", name);
    body.put("sort", s);
    body.put("limit", n);
    body.put("statements", rows);
    return new Answer(200, json.writeValueAsString(body));
  }

  private Answer error(int status, String message) throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", "error");
    body.put("error", message);
    return new Answer(status, json.writeValueAsString(body));
  }
}
