package io.dbscope.server.console;

import static io.dbscope.server.console.Html.esc;
import static io.dbscope.server.console.Html.num;
import static io.dbscope.server.console.Html.seconds;
import static io.dbscope.server.console.Html.url;

import io.dbscope.server.api.FleetApi;
import java.util.Map;

/**
 * One datasource: its key figures over the last hour (uPlot charts drawn from the history the API
 * gives, embedded in the page), its collectors with their last run or why they are not planned, its
 * last error and its recent events.
 */
public final class DatasourcePage {
  private DatasourcePage() {}

  public static String render(FleetApi.Detail d) {
    FleetApi.Summary s = d.datasource();
    StringBuilder sb = new StringBuilder(16_384);
    sb.append("<h1>")
        .append(esc(s.name()))
        .append(" <span class=\"st ")
        .append(s.state())
        .append("\">")
        .append(s.state())
        .append("</span></h1><p class=\"muted\">")
        .append(esc(s.engine()))
        .append(" · ")
        .append(esc(d.address()))
        .append(s.serverVersion() == null ? "" : " · " + esc(s.serverVersion()))
        .append(s.role() == null ? "" : " · " + esc(s.role()))
        .append(s.owner() == null ? "" : " · collected by " + esc(s.owner()))
        .append(" · last scrape ")
        .append(seconds(s.lastScrapeSeconds()))
        .append(s.lastScrapeAt() == null ? "" : " at " + Html.time(s.lastScrapeAt()))
        .append("</p>");
    if (d.description() != null && !d.description().isEmpty()) {
      sb.append("<p>").append(esc(d.description())).append("</p>");
    }
    if (d.statements()) {
      sb.append("<p><a href=\"/sql?datasource=")
          .append(esc(url(s.name())))
          .append("\">Top SQL of this datasource ›</a></p>");
    }
    if (s.lastError() != null && !s.lastError().isEmpty()) {
      sb.append("<p class=\"err box\">").append(esc(s.lastError())).append("</p>");
    }
    sb.append("<div class=\"cards\">")
        .append(card("QPS", num(s.qps())))
        .append(card("TPS", num(s.tps())))
        .append(card("Connections", num(s.connections())))
        .append(card("Scrape", seconds(s.lastScrapeSeconds())))
        .append("</div><h2>Last hour</h2><div class=\"charts\" data-charts=\"history\"></div>")
        .append(Html.data("history", d.history()));
    sb.append("<h2>Collectors</h2><table class=\"grid\" id=\"collectors\"><thead><tr>")
        .append("<th>Collector</th><th>Kind</th><th>Planned</th><th class=\"n\">Duration</th>")
        .append("<th class=\"n\">Cache age</th><th>Last success</th><th class=\"n\">Errors</th>")
        .append("<th>Last error / why not planned</th></tr></thead><tbody>");
    for (FleetApi.Collector c : d.collectors()) {
      boolean failing = c.lastError() != null && !c.lastError().isEmpty();
      sb.append("<tr")
          .append(c.planned() ? (failing ? " class=\"bad\"" : "") : " class=\"off\"")
          .append("><td>")
          .append(esc(c.id()))
          .append("</td><td>")
          .append(esc(c.kind()))
          .append("</td><td>")
          .append(c.planned() ? "yes" : "no")
          .append("</td><td class=\"n\">")
          .append(seconds(c.lastSeconds()))
          .append("</td><td class=\"n\">")
          .append(c.cacheAgeSeconds() == null ? "–" : num(c.cacheAgeSeconds()) + " s")
          .append("</td><td>")
          .append(Html.time(c.lastSuccess()))
          .append("</td><td class=\"n\">")
          .append(c.errors())
          .append("</td><td>")
          .append(esc(c.planned() ? c.lastError() : c.skipReason()))
          .append("</td></tr>");
    }
    sb.append("</tbody></table><h2>Recent events</h2>");
    sb.append(EventsTable.render(d.events()));
    return Html.page(s.name(), "", sb.toString(), true);
  }

  private static String card(String label, String value) {
    return "<div class=\"card\"><div class=\"muted\">" + label + "</div><b>" + value + "</b></div>";
  }

  /** The events list, shared by pages. */
  static final class EventsTable {
    private EventsTable() {}

    static String render(java.util.List<Map<String, Object>> events) {
      if (events.isEmpty()) {
        return "<p class=\"muted\">No slow statements, long transactions or lock waits seen.</p>";
      }
      StringBuilder sb =
          new StringBuilder(
              "<table class=\"grid\" id=\"events\"><thead><tr><th>When</th><th>Kind</th>"
                  + "<th class=\"n\">Duration</th><th>User</th><th>Database</th>"
                  + "<th>Statement</th></tr></thead><tbody>");
      for (Map<String, Object> e : events) {
        Object dur = e.get("duration_seconds");
        sb.append("<tr><td>")
            .append(Html.time(str(e.get("ts"))))
            .append("</td><td>")
            .append(esc(str(e.get("kind"))))
            .append("</td><td class=\"n\">")
            .append(
                dur instanceof Number n
                    ? seconds(n.doubleValue())
                    : e.containsKey("waiting_sessions")
                        ? e.get("waiting_sessions") + " waiting"
                        : "–")
            .append("</td><td>")
            .append(esc(str(e.get("user"))))
            .append("</td><td>")
            .append(esc(str(e.get("database"))))
            .append("</td><td><code>")
            .append(esc(FleetPage.cut(str(e.get("text")), 160)))
            .append("</code></td></tr>");
      }
      return sb.append("</tbody></table>").toString();
    }

    private static String str(Object o) {
      return o == null ? "" : o.toString();
    }
  }
}
