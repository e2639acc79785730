package io.dbscope.server.http;

import io.dbscope.server.Monitor;
import io.dbscope.server.Reloader;
import io.dbscope.server.api.ConsoleState;
import io.dbscope.server.api.FleetApi;
import io.dbscope.server.api.RedactedConfig;
import io.dbscope.server.api.TopSqlApi;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The routes of JSON API v1 beyond the statements list ({@link StatementsApi}): datasources, Top
 * SQL, one statement, events, the running config (redacted), reload and the OpenAPI document that
 * describes them all ({@code /api/v1/openapi.json}, kept true by {@code OpenApiTest}). Every answer
 * and error is written by {@link JsonAnswers}.
 */
final class ApiV1 {
  static final String OPENAPI = "/api/v1/openapi.json";
  private static final int MAX_EVENTS = ConsoleState.EVENTS;

  private final Supplier<Monitor> monitor;
  private final FleetApi fleet;
  private final TopSqlApi topSql;
  private final ConsoleState console;
  private final Optional<Supplier<Reloader.Result>> reload;

  ApiV1(
      Supplier<Monitor> monitor,
      FleetApi fleet,
      TopSqlApi topSql,
      ConsoleState console,
      Optional<Supplier<Reloader.Result>> reload) {
    this.monitor = monitor;
    this.fleet = fleet;
    this.topSql = topSql;
    this.console = console;
    this.reload = reload;
  }

  Router routes(Router r, JsonAnswers json) {
    return r.route(PathPattern.exactly(OPENAPI), Methods.READ, this::openApi)
        .route(PathPattern.exactly("/api/v1/datasources"), Methods.READ, json.route(this::list))
        .route(StatementsApi.PATH, Methods.READ, json.route(new StatementsApi(monitor)))
        .route(
            PathPattern.template("/api/v1/datasources/{name}/statements/{fingerprint}"),
            Methods.READ,
            json.route(this::statement))
        .route(
            PathPattern.template("/api/v1/datasources/{name}"),
            Methods.READ,
            json.route(this::detail))
        .route(PathPattern.exactly("/api/v1/statements"), Methods.READ, json.route(this::topSql))
        .route(PathPattern.exactly("/api/v1/events"), Methods.READ, json.route(this::events))
        .route(
            PathPattern.exactly("/api/v1/config"),
            Methods.READ,
            json.route(r2 -> JsonAnswer.fields(RedactedConfig.of(monitor.get().config()))))
        .route(PathPattern.exactly("/api/v1/reload"), Methods.CHANGE, json.route(this::reload));
  }

  /** The fleet query of a request (shared with the fleet page, so the URL means the same). */
  static FleetApi.Query fleetQuery(Request r) {
    return new FleetApi.Query(
        param(r, "engine"),
        param(r, "label"),
        param(r, "state"),
        param(r, "q"),
        number(r, "page", 1, 1, Integer.MAX_VALUE),
        number(r, "page_size", 50, 1, FleetApi.MAX_PAGE_SIZE));
  }

  /** The Top SQL query of a request (shared with the Top SQL page). */
  static TopSqlApi.Query topSqlQuery(Request r, Optional<String> datasource) {
    return new TopSqlApi.Query(
        datasource.or(() -> param(r, "datasource")),
        param(r, "database"),
        param(r, "user"),
        param(r, "q"),
        param(r, "sort").orElse("total_time"),
        param(r, "dimension").orElse("statement"),
        number(r, "page", 1, 1, Integer.MAX_VALUE),
        number(r, "page_size", 50, 1, 500));
  }

  private JsonAnswer list(Request r) {
    return JsonAnswer.fields(fleet.fleet(fleetQuery(r)));
  }

  private JsonAnswer detail(Request r) {
    String name = r.pathPart();
    return fleet
        .datasource(name)
        .map(JsonAnswer::fields)
        .orElseGet(() -> JsonAnswer.error(404, "no datasource named '" + name + "'"));
  }

  private JsonAnswer topSql(Request r) {
    try {
      return JsonAnswer.fields(topSql.page(topSqlQuery(r, Optional.empty())));
    } catch (TopSqlApi.Refused e) {
      return JsonAnswer.error(e.status(), e.getMessage());
    }
  }

  private JsonAnswer statement(Request r) {
    String[] parts = r.pathPart().split("\n", 2);
    try {
      return JsonAnswer.fields(topSql.statement(parts[0], parts[1]));
    } catch (TopSqlApi.Refused e) {
      return JsonAnswer.error(e.status(), e.getMessage());
    }
  }

  private JsonAnswer events(Request r) {
    int limit = number(r, "limit", 100, 1, MAX_EVENTS);
    Map<String, Object> body = new LinkedHashMap<>();
    List<Map<String, Object>> events =
        console.events().recent(param(r, "datasource"), param(r, "kind"), limit);
    body.put("events", events);
    return JsonAnswer.success(body);
  }

  private JsonAnswer reload(Request r) {
    if (reload.isEmpty()) {
      return JsonAnswer.error(404, "reloading is not available in this mode");
    }
    Reloader.Result result = reload.get().get();
    if (!result.ok()) {
      return JsonAnswer.error(500, result.message().strip());
    }
    return JsonAnswer.success(Map.of("message", result.message().strip()));
  }

  private void openApi(Request r) throws IOException {
    try (InputStream in = ApiV1.class.getResourceAsStream("/io/dbscope/server/openapi.json")) {
      if (in == null) {
        throw new UncheckedIOException(new IOException("openapi.json is not on the classpath"));
      }
      r.send(200, "application/json", in.readAllBytes());
    }
  }

  static Optional<String> param(Request r, String name) {
    return r.param(name).filter(v -> !v.isBlank());
  }

  /** A whole-number parameter, clamped to its range; a malformed one is refused with a 400. */
  static int number(Request r, String name, int dflt, int min, int max) {
    Optional<String> v = param(r, name);
    if (v.isEmpty()) {
      return dflt;
    }
    try {
      return Math.max(min, Math.min(max, Integer.parseInt(v.get().trim())));
    } catch (NumberFormatException e) {
      throw new BadParameter(name + " must be a whole number");
    }
  }

  /** A malformed query parameter: a 400 with this message. */
  static final class BadParameter extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadParameter(String message) {
      super(message, null, false, false);
    }
  }
}
