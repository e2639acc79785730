package io.dbscope.server.http;

import io.dbscope.core.scrape.Fleet;
import io.dbscope.core.scrape.MonitoredDatasource;
import io.dbscope.server.Monitor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/** The small HTML page at {@code /}: every datasource with its state, its last error and links. */
final class LandingPage implements Handler {
  private final Supplier<Monitor> monitor;
  private final String version;

  LandingPage(Supplier<Monitor> monitor, String version) {
    this.monitor = monitor;
    this.version = version;
  }

  @Override
  public void handle(Request request) throws IOException {
    Monitor m = monitor.get();
    String page = render(m.fleet(), m.config().global().metricPath(), version);
    request.send(200, "text/html; charset=utf-8", page.getBytes(StandardCharsets.UTF_8));
  }

  static String render(Fleet fleet, String metricPath, String version) {
    StringBuilder sb = new StringBuilder(1024 + fleet.size() * 200);
    sb.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>dbscope</title>")
        .append("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}")
        .append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}")
        .append(".healthy{color:#070}.unhealthy{color:#b00}.disabled,.unknown{color:#777}</style>")
        .append("</head><body><h1>dbscope</h1><p>Version ")
        .append(esc(version))
        .append(". <a href=\"")
        .append(esc(metricPath))
        .append(
            "\">Metrics</a> · <a href=\"/sd\">Service discovery</a> · <a"
                + " href=\"/-/healthy\">Health</a> · <a href=\"/-/ready\">Ready</a></p>")
        .append("<table><tr><th>Datasource</th><th>Engine</th><th>Address</th><th>State</th>")
        .append("<th>Server</th><th>Last error</th><th>Probe</th></tr>");
    for (MonitoredDatasource d : fleet.all()) {
      String state = d.health().label();
      sb.append("<tr><td>")
          .append(esc(d.config().name()))
          .append("</td><td>")
          .append(esc(d.config().engineAlias()))
          .append("</td><td>")
          .append(esc(d.config().address()))
          .append("</td><td class=\"")
          .append(state)
          .append("\">")
          .append(state)
          .append("</td><td>")
          .append(
              esc(d.facts().map(f -> f.version() + " " + f.role().name().toLowerCase()).orElse("")))
          .append("</td><td>")
          .append(esc(d.lastError()))
          .append("</td><td><a href=\"/probe?target=")
          .append(
              esc(
                  java.net.URLEncoder.encode(
                      d.config().name(), java.nio.charset.StandardCharsets.UTF_8)))
          .append("\">probe</a></td></tr>");
    }
    return sb.append("</table></body></html>\n").toString();
  }

  static String esc(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }
}
