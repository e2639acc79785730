package io.dbscope.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Golden exposition files: the exact bytes a scraper receives for a known set of samples. */
class ExpositionWriterTest {

  static Exposition sample() {
    SampleBatch a = new SampleBatch();
    Labels pg = Labels.of("datasource", "pg-main", "cluster", "prod");
    a.add("pg_up", MetricType.GAUGE, "Whether the last scrape was able to connect.", pg, 1);
    a.add(
        "pg_stat_database_blks_hit",
        MetricType.COUNTER,
        "Disk blocks found in the buffer cache.",
        pg.add("datname", "app"),
        1234);
    a.add(
        "pg_stat_database_blks_hit",
        MetricType.COUNTER,
        "Disk blocks found in the buffer cache.",
        pg.add("datname", "we\"ird\\name\nx"),
        5);
    a.add(
        "redis_commands_processed_total",
        MetricType.COUNTER,
        "How many commands processed.",
        Labels.of("datasource", "cache"),
        99);
    a.add(
        "mysql_global_status_uptime",
        MetricType.UNTYPED,
        "Generic metric from SHOW GLOBAL STATUS.",
        Labels.of("datasource", "maria"),
        3600);
    SampleBatch b = new SampleBatch();
    // The same family from a second datasource merges into one block.
    b.add(
        "pg_up",
        MetricType.GAUGE,
        "Whether the last scrape was able to connect.",
        Labels.of("datasource", "pg-replica"),
        0);
    // A duplicate sample (same name and labels) is dropped and counted.
    b.add("pg_up", MetricType.GAUGE, "Whether the last scrape was able to connect.", pg, 1);
    return Exposition.builder().add(a).add(b).build();
  }

  static String write(Exposition e, String accept) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new ExpositionWriter().write(out, e, accept);
    return out.toString(StandardCharsets.UTF_8);
  }

  static String golden(String name) throws Exception {
    try (InputStream in = ExpositionWriterTest.class.getResourceAsStream("/golden/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void prometheusTextFormat() throws Exception {
    Exposition e = sample();
    assertThat(e.duplicates()).isEqualTo(1);
    assertThat(write(e, "text/plain")).isEqualTo(golden("exposition-0.0.4.txt"));
  }

  @Test
  void openMetricsFormat() throws Exception {
    assertThat(write(sample(), "application/openmetrics-text; version=1.0.0"))
        .isEqualTo(golden("exposition-openmetrics.txt"));
  }

  @Test
  void contentTypes() {
    ExpositionWriter w = new ExpositionWriter();
    assertThat(w.contentType(null)).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
    assertThat(w.contentType("application/openmetrics-text; version=1.0.0"))
        .startsWith("application/openmetrics-text; version=1.0.0");
    // The writer keeps the last header's answer: another header gets its own.
    assertThat(w.contentType("text/plain")).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
    assertThat(w.contentType("application/openmetrics-text; version=1.0.0"))
        .startsWith("application/openmetrics-text; version=1.0.0");
  }

  @Test
  void textFormatIsByteForByteClientJavasForRegularFamilies() throws Exception {
    SampleBatch b = new SampleBatch();
    Labels l = Labels.of("datasource", "x", "path", "C:\\dir \"q\"\nnext");
    b.add("g_bytes", MetricType.GAUGE, "A help with \\ backslash\nand newline.", l, 1.0E10);
    b.add(
        "g_bytes",
        MetricType.GAUGE,
        "A help with \\ backslash\nand newline.",
        Labels.of("datasource", "y"),
        Double.NaN);
    b.add("small", MetricType.GAUGE, "Tiny values.", Labels.EMPTY, 1.5E-7);
    b.add("neg", MetricType.GAUGE, "Infinities.", Labels.of("a", "1"), Double.NEGATIVE_INFINITY);
    b.add("neg", MetricType.GAUGE, "Infinities.", Labels.of("a", "2"), Double.POSITIVE_INFINITY);
    b.add("c_total", MetricType.COUNTER, "A counter.", l, 42);
    b.add("u", MetricType.UNTYPED, "Untyped.", Labels.EMPTY, -3.25);
    Exposition e = Exposition.builder().add(b).build();
    ByteArrayOutputStream theirs = new ByteArrayOutputStream();
    io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter.create()
        .write(theirs, e.snapshots());
    assertThat(write(e, null)).isEqualTo(theirs.toString(StandardCharsets.UTF_8));
  }

  /**
   * A histogram added in any order (buckets of two datasources interleaved, the sum before the
   * buckets, as two collectors give them) is one {@code # TYPE … histogram} family whose samples
   * are client_java's: buckets by bound, cumulative, then {@code _count} and {@code _sum}.
   */
  @Test
  void histogramsAreWrittenAsClientJavaWritesThem() throws Exception {
    SampleBatch b = new SampleBatch();
    MetricType h = MetricType.HISTOGRAM;
    String help = "Queries by duration.";
    for (String ds : new String[] {"b", "a"}) {
      Labels l = Labels.of("datasource", ds);
      b.add("q_seconds", "_sum", h, help, l, 12.5);
      b.add("q_seconds", "_count", h, help, l, 7);
      b.add("q_seconds", "_bucket", h, help, l.add("le", "+Inf"), 7);
      b.add("q_seconds", "_bucket", h, help, l.add("le", "10"), 6);
      b.add("q_seconds", "_bucket", h, help, l.add("le", "0.001"), 1);
      b.add("q_seconds", "_bucket", h, help, l.add("le", "1"), 4);
    }
    Exposition e = Exposition.builder().add(b).build();
    assertThat(e.duplicates()).isZero();
    ByteArrayOutputStream theirs = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(theirs, e.snapshots());
    String ours = write(e, null);
    assertThat(ours)
        .startsWith("# HELP q_seconds Queries by duration.\n# TYPE q_seconds histogram\n")
        .contains(
            "q_seconds_bucket{datasource=\"a\",le=\"0.001\"} 1.0\n"
                + "q_seconds_bucket{datasource=\"a\",le=\"1\"} 4.0\n");
    // client_java writes its bounds as Java doubles ("1.0"), ours as the source gave them ("1"),
    // which is how the Go exporters write them, and its counts as integers, ours as the doubles a
    // database returned; otherwise the texts are the same.
    assertThat(
            ours.replace("le=\"1\"", "le=\"1.0\"")
                .replace("le=\"10\"", "le=\"10.0\"")
                .replaceAll("((?:_bucket|_count)\\{[^}]*\\}) (\\d+)\\.0\n", "$1 $2\n"))
        .isEqualTo(theirs.toString(StandardCharsets.UTF_8));
  }

  /** What is there now (ages of running statements) is a gauge histogram in OpenMetrics. */
  @Test
  void gaugeHistogramsAreHistogramsInTextAndGaugeHistogramsInOpenMetrics() throws Exception {
    SampleBatch b = new SampleBatch();
    MetricType g = MetricType.GAUGE_HISTOGRAM;
    Labels l = Labels.of("datasource", "pg");
    b.add("age_seconds", "_bucket", g, "Ages.", l.add("le", "1"), 2);
    b.add("age_seconds", "_bucket", g, "Ages.", l.add("le", "+Inf"), 3);
    b.add("age_seconds", "_sum", g, "Ages.", l, 40);
    b.add("age_seconds", "_count", g, "Ages.", l, 3);
    Exposition e = Exposition.builder().add(b).build();
    assertThat(write(e, null))
        .isEqualTo(
            "# HELP age_seconds Ages.\n# TYPE age_seconds histogram\n"
                + "age_seconds_bucket{datasource=\"pg\",le=\"1\"} 2.0\n"
                + "age_seconds_bucket{datasource=\"pg\",le=\"+Inf\"} 3.0\n"
                + "age_seconds_count{datasource=\"pg\"} 3.0\n"
                + "age_seconds_sum{datasource=\"pg\"} 40.0\n");
    assertThat(write(e, "application/openmetrics-text; version=1.0.0"))
        .contains("# TYPE age_seconds gaugehistogram\n")
        .contains("age_seconds_bucket{datasource=\"pg\",le=\"1.0\"} 2\n")
        .contains("age_seconds_gcount{datasource=\"pg\"} 3\n")
        .contains("age_seconds_gsum{datasource=\"pg\"} 40.0\n");
  }

  /**
   * A summary keeps the exporter's quantile labels in the text format (redis_exporter's {@code
   * "99.9"}) and its quantiles by value, then {@code _count} and {@code _sum}; OpenMetrics, which
   * takes quantiles from 0 to 1 only, gets them as fractions.
   */
  @Test
  void summariesKeepTheExportersQuantilesInTextAndFractionsInOpenMetrics() throws Exception {
    SampleBatch b = new SampleBatch();
    MetricType m = MetricType.SUMMARY;
    String help = "Latency by command.";
    Labels l = Labels.of("cmd", "get");
    b.add("lat_usec", "_sum", m, help, l, 16);
    b.add("lat_usec", "_count", m, help, l, 2);
    b.add("lat_usec", "", m, help, l.add("quantile", "99.9"), 12.5);
    b.add("lat_usec", "", m, help, l.add("quantile", "50"), 4);
    b.add("lat_usec", "", m, help, l.add("quantile", "99"), 12);
    Exposition e = Exposition.builder().add(b).build();
    assertThat(write(e, null))
        .isEqualTo(
            "# HELP lat_usec Latency by command.\n# TYPE lat_usec summary\n"
                + "lat_usec{cmd=\"get\",quantile=\"50\"} 4.0\n"
                + "lat_usec{cmd=\"get\",quantile=\"99\"} 12.0\n"
                + "lat_usec{cmd=\"get\",quantile=\"99.9\"} 12.5\n"
                + "lat_usec_count{cmd=\"get\"} 2.0\n"
                + "lat_usec_sum{cmd=\"get\"} 16.0\n");
    assertThat(write(e, "application/openmetrics-text; version=1.0.0"))
        .contains("# TYPE lat_usec summary\n")
        .contains("lat_usec{cmd=\"get\",quantile=\"0.5\"} 4.0\n")
        .contains("lat_usec{cmd=\"get\",quantile=\"0.999\"} 12.5\n")
        .contains("lat_usec_count{cmd=\"get\"} 2\n")
        .contains("lat_usec_sum{cmd=\"get\"} 16.0\n");
  }

  @Test
  void exporterQuantilesBecomeFractions() {
    assertThat(Summaries.fraction("0.99")).isEqualTo(0.99);
    assertThat(Summaries.fraction("50")).isEqualTo(0.5);
    assertThat(Summaries.fraction("99.9")).isCloseTo(0.999, within(1e-12));
    assertThat(Summaries.fraction("999")).isCloseTo(0.999, within(1e-12));
    assertThat(Summaries.fraction("100")).isEqualTo(1.0);
    assertThat(Summaries.fraction("max")).isNaN();
    assertThat(Summaries.fraction(null)).isNaN();
  }

  @Test
  void numbersAreWrittenAsDoubleToStringWritesThem() {
    double[] values = {
      0,
      -0.0,
      1,
      -1,
      42,
      1234.5,
      9_999_999,
      10_000_000,
      -9_999_999,
      -10_000_000,
      1e15,
      0.1,
      1e-7,
      123456789.0,
      Long.MAX_VALUE,
      Double.MIN_VALUE,
      Double.MAX_VALUE,
      4.5e6 + 0.25
    };
    for (double v : values) {
      assertThat(new TextBuffer(4).number(v).toString()).as("%s", v).isEqualTo(Double.toString(v));
    }
    for (double v : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
      assertThat(new TextBuffer(4).number(v).toString()).isIn("NaN", "+Inf", "-Inf");
    }
  }

  @Test
  void infoAndSummarySnapshotsAreWrittenAsClientJavaWritesThem() throws Exception {
    SummarySnapshot gc =
        SummarySnapshot.builder()
            .name("jvm_gc_collection_seconds")
            .help("Time spent in a given JVM garbage collector in seconds.")
            .dataPoint(summaryPoint(Labels.of("gc", "Copy"), 12, 0.034, Quantiles.EMPTY))
            .dataPoint(summaryPoint(Labels.of("gc", "MarkSweepCompact"), 0, 0, Quantiles.EMPTY))
            .build();
    SummarySnapshot latency =
        SummarySnapshot.builder()
            .name("request_seconds")
            .help("With quantiles, which client_java writes.")
            .dataPoint(summaryPoint(Labels.EMPTY, 3, 1.5, Quantiles.of(new Quantile(0.5, 0.4))))
            .build();
    InfoSnapshot runtime =
        InfoSnapshot.builder()
            .name("jvm_runtime")
            .help("JVM runtime info")
            .dataPoint(
                InfoSnapshot.InfoDataPointSnapshot.builder()
                    .labels(Labels.of("runtime", "OpenJDK", "vendor", "x", "version", "25"))
                    .build())
            .build();
    MetricSnapshots snapshots = MetricSnapshots.of(gc, latency, runtime);
    ByteArrayOutputStream theirs = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(theirs, snapshots);
    String ours = write(Exposition.builder().add(snapshots).build(), null);
    assertThat(ours).isEqualTo(theirs.toString(StandardCharsets.UTF_8));
    assertThat(ours).contains("jvm_gc_collection_seconds_count{gc=\"Copy\"} 12\n");
  }

  private static SummarySnapshot.SummaryDataPointSnapshot summaryPoint(
      Labels labels, long count, double sum, Quantiles quantiles) {
    return SummarySnapshot.SummaryDataPointSnapshot.builder()
        .labels(labels)
        .count(count)
        .sum(sum)
        .quantiles(quantiles)
        .build();
  }

  /** The writer keeps each family's header between scrapes; a new help text replaces it. */
  @Test
  void aFamilysHeaderFollowsItsHelpFromOneScrapeToTheNext() throws java.io.IOException {
    ExpositionWriter w = new ExpositionWriter();
    for (String help : new String[] {"First help.", "Second \\ help.", "First help."}) {
      SampleBatch b = new SampleBatch();
      b.add("x_up", MetricType.GAUGE, help, Labels.of("datasource", "a"), 1);
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      w.write(out, Exposition.builder().add(b).build(), null);
      org.assertj.core.api.Assertions.assertThat(
              out.toString(java.nio.charset.StandardCharsets.UTF_8))
          .startsWith("# HELP x_up " + help.replace("\\", "\\\\") + "\n# TYPE x_up gauge\n");
    }
  }
}
