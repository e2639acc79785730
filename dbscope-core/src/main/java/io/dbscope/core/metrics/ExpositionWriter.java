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
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes an {@link Exposition} in the format the scraper asked for: the Prometheus text format
 * 0.0.4, which is what the community exporters serve, whenever the {@code Accept} header accepts
 * it, and OpenMetrics when it asks for that alone.
 *
 * <p>In the text format, gauges, counters and untyped families are written here (the verbatim
 * community counters without {@code _total} keep both their exact name and {@code # TYPE …
 * counter}); the format is checked against client_java's by golden files.
 */
public final class ExpositionWriter {
  public static final String TEXT_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  private static final int FLUSH_BYTES = 32 * 1024;
  private final PrometheusTextFormatWriter text = PrometheusTextFormatWriter.create();
  private final OpenMetricsTextFormatWriter openMetrics = OpenMetricsTextFormatWriter.create();
  private static final int HEADERS = 65_536;
  private final Map<String, Header> headers = new ConcurrentHashMap<>();

  /**
   * The last answer's buffer and label texts, for the next answer (see {@link LabelText}). Scrapes
   * mostly come one at a time; a concurrent one finds it taken and makes its own.
   */
  private final AtomicReference<Scratch> spare = new AtomicReference<>();

  private record Scratch(TextBuffer buf, LabelText texts) {}

  /**
   * Whether the {@code Accept} header gets OpenMetrics: only when it does not accept the text
   * format (see {@link AcceptedFormat}).
   */
  public static boolean wantsOpenMetrics(String accept) {
    return AcceptedFormat.openMetrics(accept);
  }

  /**
   * The last {@code Accept} header and what it got. A scraper sends the same header every time, and
   * reading Prometheus's (five media ranges) twice per scrape was a fiftieth of a Redis scrape's
   * CPU.
   */
  private volatile Accepted accepted = new Accepted(null, false);

  private record Accepted(String header, boolean openMetrics) {}

  private boolean openMetrics(String accept) {
    Accepted a = accepted;
    if (!Objects.equals(a.header(), accept)) {
      a = new Accepted(accept, wantsOpenMetrics(accept));
      accepted = a;
    }
    return a.openMetrics();
  }

  public String contentType(String accept) {
    return openMetrics(accept) ? openMetrics.getContentType() : TEXT_CONTENT_TYPE;
  }

  public void write(OutputStream out, Exposition exposition, String accept) throws IOException {
    if (openMetrics(accept)) {
      openMetrics.write(out, exposition.snapshots());
      return;
    }
    int n = exposition.families().size();
    int split = out instanceof SplitOutput ? SplitPoint.of(exposition, SPLIT_SAMPLES) : n;
    MetricSnapshots.Builder rest = MetricSnapshots.builder();
    if (split == n) {
      if (range(out, exposition, 0, n, rest, spare)) {
        text.write(out, rest.build());
      }
      return;
    }
    // A fleet's answer on two cores: the families from the split on (every one of them after the
    // other snapshots by name) are written by another thread into a part of their own, packed
    // while this thread writes the first part; the text is the same as written in one piece.
    OutputStream tail = ((SplitOutput) out).tail();
    AtomicReference<Throwable> failed = new AtomicReference<>();
    Thread second =
        Thread.ofVirtual()
            .name("dbscope-answer-tail")
            .start(
                () -> {
                  try {
                    range(tail, exposition, split, n, null, spareTail);
                  } catch (IOException | RuntimeException | Error e) {
                    failed.set(e);
                  }
                });
    boolean anyRest;
    try {
      anyRest = range(out, exposition, 0, split, rest, spare);
    } finally {
      join(second);
    }
    if (failed.get() != null) {
      throw new IOException("writing the answer's second part failed", failed.get());
    }
    if (anyRest) {
      text.write(tail, rest.build());
    }
    tail.close();
  }

  /**
   * Answers with at least this many samples are written in two parts at once: 100 Redis
   * datasources' (about 60,000) take tens of milliseconds to write, against the tens of
   * microseconds of starting a thread.
   */
  static final int SPLIT_SAMPLES = 50_000;

  /** The second part's buffer and label texts, kept as {@link #spare} is. */
  private final AtomicReference<Scratch> spareTail = new AtomicReference<>();

  private static void join(Thread t) throws IOException {
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while the answer was written", e);
    }
  }

  /**
   * Writes families {@code [from, to)} to {@code out}, with the other snapshots among them when
   * {@code rest} is not null (the whole answer, or its first part); those client_java must write go
   * to {@code rest}. Returns whether there are any.
   */
  private boolean range(
      OutputStream out,
      Exposition exposition,
      int from,
      int to,
      MetricSnapshots.Builder rest,
      AtomicReference<Scratch> spares)
      throws IOException {
    // Gauges, counters and untyped families (every database metric) are written here into one
    // buffer: client_java's writer goes through a synchronized Writer one character at a time,
    // which was the largest single cost of a scrape. Other types (JVM summaries and the like)
    // still go through client_java, after these.
    Scratch scratch = spares.getAndSet(null);
    if (scratch == null) {
      scratch = new Scratch(new TextBuffer(FLUSH_BYTES + 4096), new LabelText());
    }
    TextBuffer buf = scratch.buf();
    LabelText texts = scratch.texts();
    buf.clear();
    FamilyLines lines = new FamilyLines(buf, texts, out, FLUSH_BYTES);
    boolean anyRest = false;
    List<MergedFamily> families = exposition.families();
    List<MetricSnapshot> extra = rest == null ? List.of() : exposition.extra();
    int i = from;
    int j = 0;
    // Both lists are sorted by client_java's name; merged, they give client_java's order.
    while (i < to || j < extra.size()) {
      boolean ours =
          j == extra.size()
              || i < to
                  && exposition
                          .sortName(i)
                          .compareTo(extra.get(j).getMetadata().getPrometheusName())
                      <= 0;
      if (ours) {
        family(buf, families.get(i++), lines);
      } else if (!snapshot(buf, extra.get(j))) {
        rest.metricSnapshot(extra.get(j));
        anyRest = true;
      }
      if (!ours) {
        j++;
      }
      if (buf.length() >= FLUSH_BYTES) {
        // Stream in chunks: a fleet's answer can be tens of megabytes.
        buf.drainTo(out);
      }
    }
    buf.drainTo(out);
    texts.answerDone();
    spares.set(scratch);
    return anyRest;
  }

  private void family(TextBuffer buf, MergedFamily f, FamilyLines lines) throws IOException {
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
    Header h = cachedHeader(f.name(), help, type);
    buf.append(h.text());
    byte[] name = h.name();
    lines.write(name, f);
  }

  /**
   * Writes a gauge, counter, unknown, info or plain summary snapshot; false for the rest (left to
   * client_java).
   */
  private static boolean snapshot(TextBuffer buf, MetricSnapshot s) {
    String name = s.getMetadata().getPrometheusName();
    String help = s.getMetadata().getHelp();
    switch (s) {
      case GaugeSnapshot g -> {
        header(buf, name, help, "gauge");
        for (GaugeSnapshot.GaugeDataPointSnapshot p : g.getDataPoints()) {
          sample(buf, name, p.getLabels(), p.getValue());
        }
      }
      case CounterSnapshot c -> {
        String total = name + "_total";
        header(buf, total, help, "counter");
        for (CounterSnapshot.CounterDataPointSnapshot p : c.getDataPoints()) {
          sample(buf, total, p.getLabels(), p.getValue());
        }
      }
      case UnknownSnapshot u -> {
        header(buf, name, help, "untyped");
        for (UnknownSnapshot.UnknownDataPointSnapshot p : u.getDataPoints()) {
          sample(buf, name, p.getLabels(), p.getValue());
        }
      }
      case InfoSnapshot i
          when i.getDataPoints().stream().noneMatch(p -> p.hasScrapeTimestamp()) -> {
        String info = name + "_info";
        header(buf, info, help, "gauge");
        for (InfoSnapshot.InfoDataPointSnapshot p : i.getDataPoints()) {
          buf.append(info);
          labels(buf, p.getLabels());
          buf.append(" 1\n");
        }
      }
      case SummarySnapshot m when m.getDataPoints().stream().allMatch(ExpositionWriter::plain) -> {
        // Count and sum only (the JVM's GC times); quantiles and timestamps go to client_java.
        header(buf, name, help, "summary");
        for (SummarySnapshot.SummaryDataPointSnapshot p : m.getDataPoints()) {
          buf.append(name).append("_count");
          labels(buf, p.getLabels());
          buf.append(' ').append(p.getCount()).append('\n');
          sample(buf, name + "_sum", p.getLabels(), p.getSum());
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
   * A family's {@code # HELP} and {@code # TYPE} lines and its name, as bytes, kept from the scrape
   * before: the help texts are the definitions' own strings, the same every scrape, and scanning
   * each for characters to escape was a twentieth of a PostgreSQL scrape's CPU. A header is used
   * only while its help and type are the very strings it was made from; bounded by {@value
   * #HEADERS} family names.
   */
  private Header cachedHeader(String name, String help, String type) {
    Header h = headers.get(name);
    if (h == null || h.help() != help || h.type() != type) {
      TextBuffer one = new TextBuffer(64 + (help == null ? 0 : help.length()));
      header(one, name, help, type);
      h = new Header(help, type, one.toBytes(), name.getBytes(StandardCharsets.UTF_8));
      if (headers.size() < HEADERS) {
        headers.put(name, h);
      }
    }
    return h;
  }

  private record Header(String help, String type, byte[] text, byte[] name) {}

  private static void header(TextBuffer buf, String name, String help, String type) {
    if (help != null) {
      buf.append("# HELP ").append(name).append(' ').escaped(help, false).append('\n');
    }
    buf.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static void sample(TextBuffer buf, String name, Labels labels, double value) {
    buf.append(name);
    labels(buf, labels);
    buf.append(' ').number(value).append('\n');
  }

  private static void labels(TextBuffer buf, Labels labels) {
    int n = labels.size();
    if (n == 0) {
      return;
    }
    buf.append('{');
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        buf.append(',');
      }
      buf.append(labels.getPrometheusName(i)).append('=').append('"');
      buf.escaped(labels.getValue(i), true).append('"');
    }
    buf.append('}');
  }
}
