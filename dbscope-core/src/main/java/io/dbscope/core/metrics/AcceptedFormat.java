package io.dbscope.core.metrics;

import java.util.Locale;

/**
 * Which text format an {@code Accept} header gets: the Prometheus text format 0.0.4 whenever the
 * header accepts it, OpenMetrics only when it accepts OpenMetrics and not the text format.
 *
 * <p>Prometheus lists both (OpenMetrics first, the text format at {@code q=0.5}), and the choice is
 * the server's. The community exporters answer it with the text format, and so does dbscope: in
 * OpenMetrics a verbatim counter without {@code _total} can only be {@code unknown} and a summary's
 * quantile must be a fraction, so {@code redis_latency_percentiles_usec{quantile="99.9"}} (the
 * exporter's label) would reach Prometheus as {@code quantile="0.999"} and the dashboards that
 * query the exporter's value would find nothing; and writing OpenMetrics through client_java cost
 * twice the CPU of the whole scrape (one Redis datasource: 5.6-5.8 ms against 2.4-3.1 ms). A
 * scraper that wants OpenMetrics says so alone ({@code scrape_protocols: [OpenMetricsText1.0.0]}).
 */
final class AcceptedFormat {
  private AcceptedFormat() {}

  static boolean openMetrics(String accept) {
    if (accept == null || accept.isBlank()) {
      return false;
    }
    boolean openMetrics = false;
    for (String range : accept.split(",")) {
      String[] parts = range.split(";");
      String type = parts[0].strip().toLowerCase(Locale.ROOT);
      String version = null;
      double q = 1;
      for (int i = 1; i < parts.length; i++) {
        String p = parts[i].strip().toLowerCase(Locale.ROOT);
        if (p.startsWith("q=")) {
          q = quality(p.substring(2));
        } else if (p.startsWith("version=")) {
          version = p.substring("version=".length());
        }
      }
      if (q <= 0) {
        continue;
      }
      switch (type) {
        case "text/plain" -> {
          if (version == null || version.equals("0.0.4")) {
            return false;
          }
        }
        case "*/*", "text/*" -> {
          return false;
        }
        case "application/openmetrics-text" -> openMetrics = true;
        default -> {}
      }
    }
    return openMetrics;
  }

  private static double quality(String q) {
    try {
      return Double.parseDouble(q.strip());
    } catch (NumberFormatException e) {
      return 1;
    }
  }
}
