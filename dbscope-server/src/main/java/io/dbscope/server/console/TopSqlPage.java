package io.dbscope.server.console;

import static io.dbscope.server.console.Html.esc;
import static io.dbscope.server.console.Html.link;
import static io.dbscope.server.console.Html.num;
import static io.dbscope.server.console.Html.opt;
import static io.dbscope.server.console.Html.params;
import static io.dbscope.server.console.Html.seconds;
import static io.dbscope.server.console.Html.url;

import io.dbscope.server.api.TopSqlApi;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Top SQL at {@code /sql} (the fleet) or {@code /sql?datasource=x} (one datasource): fingerprint,
 * share of the total time as a bar, calls, mean and max time, rows and a sparkline; sorted by a
 * column header, searched, paged, switched between statements and their sums by datasource,
 * database or user. Every link carries the whole view in its query, so a view can be bookmarked or
 * shared.
 */
public final class TopSqlPage {
  private TopSqlPage() {}

  public static String render(TopSqlApi.Page p, TopSqlApi.Query q) {
    Map<String, String> view = view(q);
    StringBuilder sb = new StringBuilder(8192 + p.statements().size() * 700);
    sb.append("<h1>Top SQL")
        .append(
            q.datasource().isPresent()
                ? " · <a href=\"/ds/"
                    + esc(url(q.datasource().get()))
                    + "\">"
                    + esc(q.datasource().get())
                    + "</a>"
                : " · fleet")
        .append("</h1>");
    sb.append("<form id=\"filters\" action=\"/sql\">");
    q.datasource()
        .ifPresent(
            d ->
                sb.append("<input type=\"hidden\" name=\"datasource\" value=\"")
                    .append(esc(d))
                    .append("\">"));
    sb.append("<input type=\"hidden\" name=\"sort\" value=\"")
        .append(esc(q.sort()))
        .append("\"><input type=\"hidden\" name=\"dimension\" value=\"")
        .append(esc(q.dimension()))
        .append("\"><input name=\"q\" placeholder=\"search text\" value=\"")
        .append(esc(opt(q.search())))
        .append("\"><input name=\"database\" placeholder=\"database\" value=\"")
        .append(esc(opt(q.database())))
        .append("\"><input name=\"user\" placeholder=\"user\" value=\"")
        .append(esc(opt(q.user())))
        .append("\"><button>Search</button></form><p class=\"dims\">By ");
    for (String dim : TopSqlApi.DIMENSIONS) {
      Map<String, String> v = new LinkedHashMap<>(view);
      v.put("dimension", dim.equals("statement") ? "" : dim);
      v.remove("page");
      sb.append("<a")
          .append(dim.equals(q.dimension()) ? " class=\"on\"" : "")
          .append(" href=\"")
          .append(link("/sql", v))
          .append("\">")
          .append(dim)
          .append("</a> ");
    }
    sb.append("<span class=\"muted\">")
        .append(p.matching())
        .append(q.dimension().equals("statement") ? " statements" : " groups")
        .append(", ")
        .append(seconds(p.totalTimeSeconds()))
        .append(" in total</span></p>");
    if (q.dimension().equals("statement")) {
      statements(sb, p, q, view);
    } else {
      groups(sb, p);
    }
    sb.append(Html.pager("/sql", view, p.page(), p.pages()));
    return Html.page("Top SQL", "Top SQL", sb.toString(), false);
  }

  private static void statements(
      StringBuilder sb, TopSqlApi.Page p, TopSqlApi.Query q, Map<String, String> view) {
    sb.append("<table class=\"grid\" id=\"topsql\"><thead><tr><th>Statement</th>");
    if (q.datasource().isEmpty()) {
      sb.append("<th>Datasource</th>");
    }
    sb.append("<th>Share of time</th>")
        .append(sortable("calls", "Calls", q, view))
        .append(sortable("total_time", "Total", q, view))
        .append(sortable("mean_time", "Mean", q, view))
        .append("<th class=\"n\">Max</th>")
        .append(sortable("rows", "Rows", q, view))
        .append("<th>Last hour</th></tr></thead><tbody>");
    for (TopSqlApi.Row r : p.statements()) {
      sb.append("<tr><td><a class=\"sql\" href=\"/sql/")
          .append(esc(url(r.datasource())))
          .append('/')
          .append(esc(url(r.fingerprint())))
          .append("\"><code>")
          .append(esc(FleetPage.cut(r.text() == null ? r.fingerprint() : r.text(), 140)))
          .append("</code></a><div class=\"muted\">")
          .append(esc(r.fingerprint()))
          .append(r.database() == null || r.database().isEmpty() ? "" : " · " + esc(r.database()))
          .append(r.user() == null ? "" : " · " + esc(r.user()))
          .append("</div></td>");
      if (q.datasource().isEmpty()) {
        sb.append("<td>").append(esc(r.datasource())).append("</td>");
      }
      sb.append("<td><div class=\"bar\"><i style=\"width:")
          .append(Math.round(r.share() * 1000) / 10.0)
          .append("%\"></i></div>")
          .append(Math.round(r.share() * 1000) / 10.0)
          .append(" %</td><td class=\"n\">")
          .append(num(r.calls()))
          .append("</td><td class=\"n\">")
          .append(seconds(r.totalTimeSeconds()))
          .append("</td><td class=\"n\">")
          .append(seconds(r.meanTimeSeconds()))
          .append("</td><td class=\"n\">")
          .append(seconds(r.maxTimeSeconds()))
          .append("</td><td class=\"n\">")
          .append(num(r.rows()))
          .append("</td><td>")
          .append(Html.sparkline(r.sparkline()))
          .append("</td></tr>");
    }
    sb.append("</tbody></table>");
  }

  private static void groups(StringBuilder sb, TopSqlApi.Page p) {
    sb.append("<table class=\"grid\" id=\"topsql\"><thead><tr><th>")
        .append(esc(p.dimension()))
        .append("</th><th class=\"n\">Statements</th><th>Share of time</th>")
        .append("<th class=\"n\">Calls</th><th class=\"n\">Total</th></tr></thead><tbody>");
    for (TopSqlApi.Group g : p.groups()) {
      sb.append("<tr><td>")
          .append(esc(g.key()))
          .append("</td><td class=\"n\">")
          .append(g.statements())
          .append("</td><td><div class=\"bar\"><i style=\"width:")
          .append(Math.round(g.share() * 1000) / 10.0)
          .append("%\"></i></div>")
          .append(Math.round(g.share() * 1000) / 10.0)
          .append(" %</td><td class=\"n\">")
          .append(num(g.calls()))
          .append("</td><td class=\"n\">")
          .append(seconds(g.totalTimeSeconds()))
          .append("</td></tr>");
    }
    sb.append("</tbody></table>");
  }

  private static String sortable(
      String key, String label, TopSqlApi.Query q, Map<String, String> view) {
    Map<String, String> v = new LinkedHashMap<>(view);
    v.put("sort", key.equals("total_time") ? "" : key);
    v.remove("page");
    boolean on = q.sort().equals(key);
    return "<th class=\"n\"><a data-sort=\""
        + key
        + "\" href=\""
        + link("/sql", v)
        + "\""
        + (on ? " class=\"on\"" : "")
        + ">"
        + label
        + (on ? " ▾" : "")
        + "</a></th>";
  }

  /** The view's parameters, defaults left out so that URLs stay short. */
  static Map<String, String> view(TopSqlApi.Query q) {
    return params(
        "datasource",
        opt(q.datasource()),
        "q",
        opt(q.search()),
        "database",
        opt(q.database()),
        "user",
        opt(q.user()),
        "sort",
        q.sort().equals("total_time") ? "" : q.sort(),
        "dimension",
        q.dimension().equals("statement") ? "" : q.dimension(),
        "page_size",
        q.pageSize() == 50 ? "" : String.valueOf(q.pageSize()),
        "page",
        q.page() == 1 ? "" : String.valueOf(q.page()));
  }
}
