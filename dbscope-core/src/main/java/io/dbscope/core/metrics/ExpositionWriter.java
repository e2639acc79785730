package io.dbscope.core.metrics;

import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes an {@link Exposition} in the format the scraper asked for: OpenMetrics when the {@code
 * Accept} header names {@code application/openmetrics-text}, else the Prometheus text format 0.0.4,
 * which is what the community exporters serve by default.
 *
 * <p>In the text format, gauges, counters and untyped families are written here (the verbatim
 * community counters without {@code _total} keep both their exact name and {@code # TYPE …
 * counter}); the format is checked against client_java's by golden files.
 */
public final class ExpositionWriter {
  public static final String TEXT_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  private static final int FLUSH_CHARS = 32 * 1024;
  private final PrometheusTextFormatWriter text = PrometheusTextFormatWriter.create();
  private final OpenMetricsTextFormatWriter openMetrics = OpenMetricsTextFormatWriter.create();
  private static final int HEADERS = 65_536;
  private final Map<String, Header> headers = new ConcurrentHashMap<>();

  /** Whether the {@code Accept} header asks for OpenMetrics. */
  public static boolean wantsOpenMetrics(String accept) {
    return accept != null && accept.contains("application/openmetrics-text");
  }

  public String contentType(String accept) {
    return wantsOpenMetrics(accept) ? openMetrics.getContentType() : TEXT_CONTENT_TYPE;
  }

  public void write(OutputStream out, Exposition exposition, String accept) throws IOException {
    if (wantsOpenMetrics(accept)) {
      openMetrics.write(out, exposition.snapshots());
      return;
    }
    // Gauges, counters and untyped families (every database metric) are written here into one
    // buffer: client_java's writer goes through a synchronized Writer one character at a time,
    // which was the largest single cost of a scrape. Other types (JVM summaries and the like)
    // still go through client_java, after these.
    StringBuilder sb = new StringBuilder(FLUSH_CHARS + 4096);
    MetricSnapshots.Builder rest = MetricSnapshots.builder();
    boolean anyRest = false;
    List<SampleBatch.Family> families = exposition.families();
    List<MetricSnapshot> extra = exposition.extra();
    int i = 0;
    int j = 0;
    // Both lists are sorted by client_java's name; merged, they give client_java's order.
    while (i < families.size() || j < extra.size()) {
      boolean ours =
          j == extra.size()
              || i < families.size()
                  && exposition
                          .sortName(i)
                          .compareTo(extra.get(j).getMetadata().getPrometheusName())
                      <= 0;
      if (ours) {
        family(sb, families.get(i++));
      } else if (!snapshot(sb, extra.get(j))) {
        rest.metricSnapshot(extra.get(j));
        anyRest = true;
      }
      if (!ours) {
        j++;
      }
      if (sb.length() >= FLUSH_CHARS) {
        // Stream in chunks: a fleet's answer can be tens of megabytes, which must not sit in
        // memory twice (as chars and as bytes).
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        sb.setLength(0);
      }
    }
    out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
    if (anyRest) {
      text.write(out, rest.build());
    }
  }

  private void family(StringBuilder sb, SampleBatch.Family f) {
    String help = f.help().isEmpty() ? null : f.help();
    String type =
        switch (f.type()) {
          case GAUGE -> "gauge";
          case COUNTER -> "counter";
          case UNTYPED -> "untyped";
          // The text format has no gauge histogram; a scraper reads both as a histogram.
          case HISTOGRAM, GAUGE_HISTOGRAM -> "histogram";
          case SUMMARY -> "summary";
        };
    cachedHeader(sb, f.name(), help, type);
    for (SampleBatch.Point p : f.points()) {
      // The name and its suffix are appended apart: joining them made a String per sample.
      sb.append(f.name());
      nameAndLabels(sb, p.suffix(), p.labels());
      sb.append(' ');
      number(sb, p.value());
      sb.append('\n');
    }
  }

  /**
   * Writes a gauge, counter, unknown, info or plain summary snapshot; false for the rest (left to
   * client_java).
   */
  private static boolean snapshot(StringBuilder sb, MetricSnapshot s) {
    String name = s.getMetadata().getPrometheusName();
    String help = s.getMetadata().getHelp();
    switch (s) {
      case GaugeSnapshot g -> {
        header(sb, name, help, "gauge");
        for (GaugeSnapshot.GaugeDataPointSnapshot p : g.getDataPoints()) {
          sample(sb, name, p.getLabels(), p.getValue());
        }
      }
      case CounterSnapshot c -> {
        String total = name + "_total";
        header(sb, total, help, "counter");
        for (CounterSnapshot.CounterDataPointSnapshot p : c.getDataPoints()) {
          sample(sb, total, p.getLabels(), p.getValue());
        }
      }
      case UnknownSnapshot u -> {
        header(sb, name, help, "untyped");
        for (UnknownSnapshot.UnknownDataPointSnapshot p : u.getDataPoints()) {
          sample(sb, name, p.getLabels(), p.getValue());
        }
      }
      case InfoSnapshot i
          when i.getDataPoints().stream().noneMatch(p -> p.hasScrapeTimestamp()) -> {
        String info = name + "_info";
        header(sb, info, help, "gauge");
        for (InfoSnapshot.InfoDataPointSnapshot p : i.getDataPoints()) {
          sample(sb, info, p.getLabels(), "1");
        }
      }
      case SummarySnapshot m when m.getDataPoints().stream().allMatch(ExpositionWriter::plain) -> {
        // Count and sum only (the JVM's GC times); quantiles and timestamps go to client_java.
        header(sb, name, help, "summary");
        for (SummarySnapshot.SummaryDataPointSnapshot p : m.getDataPoints()) {
          sample(sb, name + "_count", p.getLabels(), Long.toString(p.getCount()));
          sample(sb, name + "_sum", p.getLabels(), p.getSum());
        }
      }
      default -> {
        return false;
      }
    }
    return true;
  }

  private static boolean plain(SummarySnapshot.SummaryDataPointSnapshot p) {
    return p.getQuantiles().size() == 0
        && p.hasCount()
        && p.hasSum()
        && !p.hasCreatedTimestamp()
        && !p.hasScrapeTimestamp();
  }

  /**
   * A family's {@code # HELP} and {@code # TYPE} lines, kept from the scrape before: the help texts
   * are the definitions' own strings, the same every scrape, and scanning each for characters to
   * escape was a twentieth of a PostgreSQL scrape's CPU. A header is used only while its help and
   * type are the very strings it was made from; bounded by {@value #HEADERS} family names.
   */
  private void cachedHeader(StringBuilder sb, String name, String help, String type) {
    Header h = headers.get(name);
    if (h == null || h.help() != help || h.type() != type) {
      StringBuilder one = new StringBuilder(64 + (help == null ? 0 : help.length()));
      header(one, name, help, type);
      h = new Header(help, type, one.toString());
      if (headers.size() < HEADERS) {
        headers.put(name, h);
      }
    }
    sb.append(h.text());
  }

  private record Header(String help, String type, String text) {}

  private static void header(StringBuilder sb, String name, String help, String type) {
    if (help != null) {
      sb.append("# HELP ").append(name).append(' ');
      escape(sb, help, false);
      sb.append('\n');
    }
    sb.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static void sample(StringBuilder sb, String name, Labels labels, double value) {
    nameAndLabels(sb, name, labels);
    sb.append(' ');
    number(sb, value);
    sb.append('\n');
  }

  private static void sample(StringBuilder sb, String name, Labels labels, String value) {
    nameAndLabels(sb, name, labels);
    sb.append(' ').append(value).append('\n');
  }

  private static void nameAndLabels(StringBuilder sb, String name, Labels labels) {
    sb.append(name);
    if (!labels.isEmpty()) {
      sb.append('{');
      for (int i = 0; i < labels.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        sb.append(labels.getPrometheusName(i)).append("=\"");
        escape(sb, labels.getValue(i), true);
        sb.append('"');
      }
      sb.append('}');
    }
  }

  private static void escape(StringBuilder sb, String s, boolean quotes) {
    if (plain(s, quotes)) {
      // Nearly always: one copy of the whole string (append(s, from, to) copies char by char).
      sb.append(s);
      return;
    }
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String r =
          switch (c) {
            case '\\' -> "\\\\";
            case '\n' -> "\\n";
            case '"' -> quotes ? "\\\"" : null;
            default -> null;
          };
      if (r != null) {
        sb.append(s, start, i).append(r);
        start = i + 1;
      }
    }
    sb.append(s, start, s.length());
  }

  private static boolean plain(String s, boolean quotes) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' || c == '\n' || quotes && c == '"') {
        return false;
      }
    }
    return true;
  }

  /** Writes what {@link Double#toString} would, without its cost for whole numbers (most). */
  static void number(StringBuilder sb, double v) {
    if (v == (long) v && Math.abs(v) < 1e7 && (v != 0 || 1 / v > 0)) {
      // Double.toString writes these as "123.0"; from 1e7 on it switches to "1.0E7".
      sb.append((long) v).append(".0");
      return;
    }
    if (Double.isNaN(v)) {
      sb.append("NaN");
    } else if (Double.isInfinite(v)) {
      sb.append(v > 0 ? "+Inf" : "-Inf");
    } else {
      sb.append(Double.toString(v));
    }
  }
}
