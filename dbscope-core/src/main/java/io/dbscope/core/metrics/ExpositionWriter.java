package io.dbscope.core.metrics;

import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Writes an {@link Exposition} in the format the scraper asked for: OpenMetrics when the {@code
 * Accept} header names {@code application/openmetrics-text}, else the Prometheus text format
 * 0.0.4, which is what the community exporters serve by default.
 *
 * <p>All families go through client_java's writers except the verbatim counters (community
 * counters without {@code _total}), which in the text format are written here so that they keep
 * both their exact name and {@code # TYPE … counter}.
 */
public final class ExpositionWriter {
  public static final String TEXT_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  private final PrometheusTextFormatWriter text = PrometheusTextFormatWriter.create();
  private final OpenMetricsTextFormatWriter openMetrics = OpenMetricsTextFormatWriter.create();

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
    if (exposition.verbatimCounters().isEmpty()) {
      text.write(out, exposition.snapshots());
      return;
    }
    MetricSnapshots.Builder regular = MetricSnapshots.builder();
    MetricSnapshots.Builder verbatim = MetricSnapshots.builder();
    for (MetricSnapshot s : exposition.snapshots()) {
      boolean v = exposition.verbatimCounters().contains(s.getMetadata().getPrometheusName());
      (v ? verbatim : regular).metricSnapshot(s);
    }
    text.write(out, regular.build());
    Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    for (MetricSnapshot s : verbatim.build()) {
      writeCounter(w, (UnknownSnapshot) s);
    }
    w.flush();
  }

  private static void writeCounter(Writer w, UnknownSnapshot s) throws IOException {
    String name = s.getMetadata().getPrometheusName();
    if (s.getMetadata().getHelp() != null) {
      w.write("# HELP ");
      w.write(name);
      w.write(' ');
      w.write(escape(s.getMetadata().getHelp(), false));
      w.write('\n');
    }
    w.write("# TYPE ");
    w.write(name);
    w.write(" counter\n");
    for (UnknownSnapshot.UnknownDataPointSnapshot p : s.getDataPoints()) {
      w.write(name);
      writeLabels(w, p.getLabels());
      w.write(' ');
      w.write(number(p.getValue()));
      w.write('\n');
    }
  }

  private static void writeLabels(Writer w, Labels labels) throws IOException {
    if (labels.isEmpty()) {
      return;
    }
    w.write('{');
    for (int i = 0; i < labels.size(); i++) {
      if (i > 0) {
        w.write(',');
      }
      w.write(labels.getPrometheusName(i));
      w.write("=\"");
      w.write(escape(labels.getValue(i), true));
      w.write('"');
    }
    w.write('}');
  }

  static String number(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    return Double.toString(v);
  }

  private static String escape(String s, boolean quotes) {
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String r =
          switch (c) {
            case '\\' -> "\\\\";
            case '\n' -> "\\n";
            case '"' -> quotes ? "\\\"" : null;
            default -> null;
          };
      if (r != null && sb == null) {
        sb = new StringBuilder(s.length() + 8).append(s, 0, i);
      }
      if (sb != null) {
        if (r != null) {
          sb.append(r);
        } else {
          sb.append(c);
        }
      }
    }
    return sb == null ? s : sb.toString();
  }
}
