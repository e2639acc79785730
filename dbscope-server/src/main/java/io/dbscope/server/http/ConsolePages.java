package io.dbscope.server.http;

import io.dbscope.server.api.FleetApi;
import io.dbscope.server.api.TopSqlApi;
import io.dbscope.server.console.DatasourcePage;
import io.dbscope.server.console.FleetPage;
import io.dbscope.server.console.Html;
import io.dbscope.server.console.StatementPage;
import io.dbscope.server.console.TopSqlPage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

/**
 * The console's pages, each drawn from what API v1 answers for the same query ({@link FleetApi},
 * {@link TopSqlApi}), so a page shows nothing the API does not give: {@code /} (fleet), {@code
 * /ds/<name>}, {@code /sql} and {@code /sql/<datasource>/<fingerprint>}. HTML is gzipped for
 * clients that accept it; a request from htmx for the fleet gets only the rows it swaps.
 */
final class ConsolePages {
  private final FleetApi fleet;
  private final TopSqlApi topSql;
  private final String version;

  ConsolePages(FleetApi fleet, TopSqlApi topSql, String version) {
    this.fleet = fleet;
    this.topSql = topSql;
    this.version = version;
  }

  Router routes(Router r) {
    return r.route(PathPattern.template(Assets.PREFIX + "{file}"), Methods.READ, new Assets())
        .route(PathPattern.template("/ds/{name}"), Methods.READ, this::datasource)
        .route(PathPattern.exactly("/sql"), Methods.READ, this::topSql)
        .route(
            PathPattern.template("/sql/{datasource}/{fingerprint}"), Methods.READ, this::statement)
        .route(PathPattern.exactly("/"), Methods.READ, this::fleet);
  }

  private void fleet(Request r) throws IOException {
    FleetApi.Query q = query(r, ApiV1::fleetQuery);
    if (q == null) {
      return;
    }
    FleetApi.Page page = fleet.fleet(q);
    boolean fragment = "true".equals(r.header("HX-Request"));
    html(r, 200, fragment ? FleetPage.rows(page, q) : FleetPage.render(page, q, version));
  }

  private void datasource(Request r) throws IOException {
    Optional<FleetApi.Detail> d = fleet.datasource(r.pathPart());
    if (d.isEmpty()) {
      notFound(r, "No datasource named '" + r.pathPart() + "'.");
      return;
    }
    html(r, 200, DatasourcePage.render(d.get()));
  }

  private void topSql(Request r) throws IOException {
    TopSqlApi.Query q = query(r, x -> ApiV1.topSqlQuery(x, Optional.empty()));
    if (q == null) {
      return;
    }
    try {
      html(r, 200, TopSqlPage.render(topSql.page(q), q));
    } catch (TopSqlApi.Refused e) {
      notFound(r, e.getMessage());
    }
  }

  private void statement(Request r) throws IOException {
    String[] parts = r.pathPart().split("\n", 2);
    try {
      html(r, 200, StatementPage.render(topSql.statement(parts[0], parts[1])));
    } catch (TopSqlApi.Refused e) {
      notFound(r, e.getMessage());
    }
  }

  private interface Parse<T> {
    T parse(Request r);
  }

  /** The page's query, or null after answering 400 for a malformed parameter. */
  private static <T> T query(Request r, Parse<T> parse) throws IOException {
    try {
      return parse.parse(r);
    } catch (ApiV1.BadParameter e) {
      html(r, 400, Html.page("Bad request", "", "<p>" + Html.esc(e.getMessage()) + "</p>", false));
      return null;
    }
  }

  private static void notFound(Request r, String message) throws IOException {
    html(r, 404, Html.page("Not found", "", "<p>" + Html.esc(message) + "</p>", false));
  }

  static void html(Request r, int status, String page) throws IOException {
    byte[] body = page.getBytes(StandardCharsets.UTF_8);
    String accept = r.header("Accept-Encoding");
    if (accept != null && accept.contains("gzip") && body.length > 1024) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4);
      try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
        gz.write(body);
      }
      r.setHeader("Content-Encoding", "gzip");
      body = out.toByteArray();
    }
    r.setHeader("Vary", "Accept-Encoding");
    r.send(status, "text/html; charset=utf-8", body);
  }
}
