package io.dbscope.server.console;

import static io.dbscope.server.console.Html.esc;
import static io.dbscope.server.console.Html.link;
import static io.dbscope.server.console.Html.num;
import static io.dbscope.server.console.Html.opt;
import static io.dbscope.server.console.Html.params;
import static io.dbscope.server.console.Html.seconds;
import static io.dbscope.server.console.Html.url;

import io.dbscope.server.api.FleetApi;
import java.util.Map;

/**
 * The fleet page at {@code /}: every datasource with its state, server, figures, slowest collector
 * and an hour's sparkline, unhealthy first, filtered by engine, label, state and name, one page of
 * rows at a time (the server pages, so 1,000 datasources cost one page of HTML). The filters are a
 * plain form that htmx submits as you type, swapping the table and keeping the query in the URL.
 */
public final class FleetPage {
  private FleetPage() {}

  public static String render(FleetApi.Page p, FleetApi.Query q, String version) {
    StringBuilder sb = new StringBuilder(4096 + p.datasources().size() * 900);
    sb.append("<h1>Fleet</h1><p class=\"states\">");
    for (var e : p.states().entrySet()) {
      sb.append("<a class=\"st ")
          .append(e.getKey())
          .append("\" href=\"")
          .append(link("/", params("state", e.getKey())))
          .append("\">")
          .append(e.getValue())
          .append(' ')
          .append(e.getKey())
          .append("</a> ");
    }
    sb.append("<span class=\"muted\">")
        .append(p.total())
        .append(" datasources · dbscope ")
        .append(esc(version))
        .append("</span></p>");
    sb.append(
            "<form id=\"filters\" action=\"/\" hx-get=\"/\" hx-target=\"#rows\""
                + " hx-select=\"#rows\" hx-swap=\"outerHTML\" hx-push-url=\"true\""
                + " hx-trigger=\"change, keyup changed delay:300ms from:input\">")
        .append("<input name=\"q\" placeholder=\"name\" value=\"")
        .append(esc(opt(q.search())))
        .append("\"><select name=\"engine\"><option value=\"\">any engine</option>");
    for (String e : p.engines()) {
      sb.append("<option")
          .append(e.equals(opt(q.engine())) ? " selected" : "")
          .append(">")
          .append(esc(e))
          .append("</option>");
    }
    sb.append("</select><select name=\"state\"><option value=\"\">any state</option>");
    for (String s : p.states().keySet()) {
      sb.append("<option")
          .append(s.equals(opt(q.state())) ? " selected" : "")
          .append(">")
          .append(s)
          .append("</option>");
    }
    sb.append("</select><input name=\"label\" placeholder=\"label=value\" value=\"")
        .append(esc(opt(q.label())))
        .append("\"><noscript><button>Filter</button></noscript></form>");
    sb.append(rows(p, q));
    return Html.page("Fleet", "Fleet", sb.toString(), false);
  }

  /** The table and its pager: what htmx swaps when a filter changes. */
  public static String rows(FleetApi.Page p, FleetApi.Query q) {
    StringBuilder sb = new StringBuilder(2048 + p.datasources().size() * 900);
    sb.append("<div id=\"rows\"><p class=\"muted\">")
        .append(p.matching())
        .append(" matching</p><table class=\"grid\" id=\"fleet\"><thead><tr>")
        .append("<th>Datasource</th><th>Engine</th><th>State</th><th>Server</th>")
        .append("<th class=\"n\">QPS</th><th class=\"n\">TPS</th><th class=\"n\">Conns</th>")
        .append("<th class=\"n\">Scrape</th><th>Slowest collector</th><th>Last hour</th>")
        .append("<th></th></tr></thead><tbody>");
    for (FleetApi.Summary d : p.datasources()) {
      sb.append("<tr data-state=\"")
          .append(d.state())
          .append("\"><td><a href=\"/ds/")
          .append(esc(url(d.name())))
          .append("\">")
          .append(esc(d.name()))
          .append("</a>");
      if (!d.labels().isEmpty()) {
        sb.append("<div class=\"labels\">");
        for (Map.Entry<String, String> l : d.labels().entrySet()) {
          sb.append("<span>").append(esc(l.getKey() + "=" + l.getValue())).append("</span>");
        }
        sb.append("</div>");
      }
      sb.append("</td><td>")
          .append(esc(d.engine()))
          .append("</td><td><span class=\"st ")
          .append(d.state())
          .append("\">")
          .append(d.state())
          .append("</span>");
      if (d.lastError() != null && !d.lastError().isEmpty()) {
        sb.append("<div class=\"err\" title=\"")
            .append(esc(d.lastError()))
            .append("\">")
            .append(esc(cut(d.lastError(), 80)))
            .append("</div>");
      }
      sb.append("</td><td>")
          .append(esc(d.serverVersion() == null ? "" : d.serverVersion()))
          .append(d.role() == null ? "" : " <span class=\"muted\">" + esc(d.role()) + "</span>")
          .append(d.owner() == null ? "" : " <span class=\"muted\">@" + esc(d.owner()) + "</span>")
          .append("</td><td class=\"n\">")
          .append(num(d.qps()))
          .append("</td><td class=\"n\">")
          .append(num(d.tps()))
          .append("</td><td class=\"n\">")
          .append(num(d.connections()))
          .append("</td><td class=\"n\">")
          .append(seconds(d.lastScrapeSeconds()))
          .append("</td><td>")
          .append(
              d.slowestCollector() == null
                  ? ""
                  : esc(d.slowestCollector())
                      + " <span class=\"muted\">"
                      + seconds(d.slowestCollectorSeconds())
                      + "</span>")
          .append("</td><td title=\"")
          .append(d.sparklineSeries())
          .append("\">")
          .append(Html.sparkline(d.sparkline()))
          .append("</td><td><a class=\"muted\" href=\"/probe?target=")
          .append(esc(url(d.name())))
          .append("\">probe</a></td></tr>");
    }
    sb.append("</tbody></table>")
        .append(
            Html.pager(
                "/",
                params(
                    "q", opt(q.search()),
                    "engine", opt(q.engine()),
                    "state", opt(q.state()),
                    "label", opt(q.label()),
                    "page_size", q.pageSize() == 50 ? "" : String.valueOf(q.pageSize())),
                p.page(),
                p.pages()))
        .append("</div>");
    return sb.toString();
  }

  static String cut(String s, int n) {
    return s.length() <= n ? s : s.substring(0, n - 1) + "…";
  }
}
