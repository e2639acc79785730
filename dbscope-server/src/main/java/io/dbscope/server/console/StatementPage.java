package io.dbscope.server.console;

import static io.dbscope.server.console.Html.esc;
import static io.dbscope.server.console.Html.num;
import static io.dbscope.server.console.Html.seconds;
import static io.dbscope.server.console.Html.url;

import io.dbscope.engine.sql.analytics.StatementView;
import io.dbscope.server.api.TopSqlApi;
import io.dbscope.server.http.AppStatements;
import java.util.Map;

/**
 * One statement: its normalized text, its statistics as the server counts them, its calls and time
 * per minute over the last hour (a uPlot chart) and, when an application reports the statement
 * through dbscope-jdbc, the application's time beside the server's: the difference is what the
 * driver, the pool and the network add.
 */
public final class StatementPage {
  private StatementPage() {}

  public static String render(TopSqlApi.Detail d) {
    StatementView v = d.statement().statement();
    AppStatements.AppSide app = d.statement().app();
    StringBuilder sb = new StringBuilder(8192);
    sb.append("<h1>Statement <code>")
        .append(esc(v.fingerprint()))
        .append("</code></h1><p class=\"muted\"><a href=\"/ds/")
        .append(esc(url(d.datasource())))
        .append("\">")
        .append(esc(d.datasource()))
        .append("</a>")
        .append(v.database() == null || v.database().isEmpty() ? "" : " · " + esc(v.database()))
        .append(v.user() == null ? "" : " · " + esc(v.user()))
        .append(" · ")
        .append(esc(v.kind()))
        .append(" · tracked since ")
        .append(esc(v.firstSeen()))
        .append(" · <a href=\"/sql?datasource=")
        .append(esc(url(d.datasource())))
        .append("\">Top SQL</a></p><pre class=\"sqltext\" id=\"text\">")
        .append(esc(v.text()))
        .append("</pre>");
    Double calls = v.statistics().get("calls");
    Double mean = v.statistics().get("mean_time_seconds");
    sb.append("<div class=\"cards\">")
        .append(card("Calls", num(calls)))
        .append(card("Total time", seconds(v.statistics().get("total_time_seconds"))))
        .append(card("Mean (server)", seconds(mean)));
    if (app != null) {
      sb.append(card("Mean (application)", seconds(app.meanSeconds())))
          .append(card("Application calls", num((double) app.calls())));
    }
    sb.append("</div>");
    if (app != null) {
      sb.append("<h2>Application and server</h2><table class=\"grid\" id=\"appside\"><thead><tr>")
          .append("<th></th><th class=\"n\">Calls</th><th class=\"n\">Total</th>")
          .append("<th class=\"n\">Mean</th><th class=\"n\">Max</th><th class=\"n\">Errors</th>")
          .append("</tr></thead><tbody><tr><td>server</td><td class=\"n\">")
          .append(num(calls))
          .append("</td><td class=\"n\">")
          .append(seconds(v.statistics().get("total_time_seconds")))
          .append("</td><td class=\"n\">")
          .append(seconds(mean))
          .append("</td><td class=\"n\">")
          .append(seconds(v.statistics().get("max_time_seconds")))
          .append("</td><td class=\"n\">")
          .append(num(v.statistics().get("errors")))
          .append("</td></tr><tr><td>application (")
          .append(esc(app.app()))
          .append(")</td><td class=\"n\">")
          .append(app.calls())
          .append("</td><td class=\"n\">")
          .append(seconds(app.timeSeconds()))
          .append("</td><td class=\"n\">")
          .append(seconds(app.meanSeconds()))
          .append("</td><td class=\"n\">")
          .append(seconds(app.maxSeconds()))
          .append("</td><td class=\"n\">")
          .append(app.errors())
          .append("</td></tr></tbody></table>");
    }
    sb.append("<h2>Last hour, per minute</h2>");
    if (d.history().isEmpty()) {
      sb.append(
          "<p class=\"muted\">Not followed yet: dbscope follows each datasource's ten costliest"
              + " statements, one point a minute.</p>");
    } else {
      sb.append("<div class=\"charts\" data-charts=\"statement\"></div>")
          .append(Html.data("statement", d.history()));
    }
    sb.append("<h2>Statistics</h2><table class=\"grid\" id=\"stats\"><thead><tr><th>Field</th>")
        .append("<th class=\"n\">Server value</th><th class=\"n\">Last interval</th>")
        .append("<th class=\"n\">Since tracked</th></tr></thead><tbody>");
    for (Map.Entry<String, Double> e : v.statistics().entrySet()) {
      sb.append("<tr><td>")
          .append(esc(e.getKey()))
          .append("</td><td class=\"n\">")
          .append(num(e.getValue()))
          .append("</td><td class=\"n\">")
          .append(num(v.lastInterval().get(e.getKey())))
          .append("</td><td class=\"n\">")
          .append(num(v.sinceTrackingStarted().get(e.getKey())))
          .append("</td></tr>");
    }
    sb.append("</tbody></table>");
    return Html.page("Statement " + v.fingerprint(), "Top SQL", sb.toString(), true);
  }

  private static String card(String label, String value) {
    return "<div class=\"card\"><div class=\"muted\">" + label + "</div><b>" + value + "</b></div>";
  }
}
