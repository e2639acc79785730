package io.dbscope.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A large answer written in two parts at once ({@link SplitOutput}) is, part after part, the answer
 * written in one piece: the other snapshots (among them one that client_java writes, last) stay
 * where they were, and the second part is written by another thread.
 */
class SplitWriteTest {
  /** A stream whose second part is kept apart, with the thread that first wrote to it. */
  private static final class TwoParts extends ByteArrayOutputStream implements SplitOutput {
    final ByteArrayOutputStream second = new ByteArrayOutputStream();
    volatile Thread secondWriter;
    boolean secondClosed;

    @Override
    public OutputStream tail() {
      return new OutputStream() {
        @Override
        public void write(int b) {
          write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
          if (secondWriter == null) {
            secondWriter = Thread.currentThread();
          }
          second.write(b, off, len);
        }

        @Override
        public void close() {
          secondClosed = true;
        }
      };
    }
  }

  private static Exposition fleet(int datasources, int samplesEach) {
    Exposition.Builder b = Exposition.builder();
    for (int d = 0; d < datasources; d++) {
      SampleBatch batch = new SampleBatch();
      Labels ds = Labels.of("datasource", "ds" + d);
      for (int i = 0; i < samplesEach; i++) {
        // Names from a_ to z_, so that the JVM's snapshots (jvm_…, request_…) fall among them.
        String name = (char) ('a' + i % 26) + "_metric_" + (i % 40);
        batch.add(name, MetricType.GAUGE, "Help " + name + ".", ds.add("n", "v" + i), i + d);
      }
      b.add(batch.order());
    }
    SummarySnapshot withQuantiles =
        SummarySnapshot.builder()
            .name("request_seconds")
            .help("Written by client_java, after the rest.")
            .dataPoint(
                SummarySnapshot.SummaryDataPointSnapshot.builder()
                    .count(3)
                    .sum(1.5)
                    .quantiles(Quantiles.of(new Quantile(0.5, 0.4)))
                    .build())
            .build();
    InfoSnapshot runtime =
        InfoSnapshot.builder()
            .name("jvm_runtime")
            .help("JVM runtime info")
            .dataPoint(
                InfoSnapshot.InfoDataPointSnapshot.builder()
                    .labels(Labels.of("version", "25"))
                    .build())
            .build();
    return b.add(MetricSnapshots.of(withQuantiles, runtime)).build();
  }

  @Test
  void aLargeAnswerInTwoPartsIsTheAnswerWrittenInOnePiece() throws IOException {
    Exposition e = fleet(200, 400);
    ByteArrayOutputStream whole = new ByteArrayOutputStream();
    new ExpositionWriter().write(whole, e, null);
    ExpositionWriter writer = new ExpositionWriter();
    for (int round = 0; round < 2; round++) {
      TwoParts parts = new TwoParts();
      writer.write(parts, e, null);
      assertThat(parts.second.size()).as("a second part").isGreaterThan(whole.size() / 5);
      assertThat(parts.secondWriter).isNotEqualTo(Thread.currentThread());
      assertThat(parts.secondClosed).isTrue();
      String joined =
          parts.toString(StandardCharsets.UTF_8) + parts.second.toString(StandardCharsets.UTF_8);
      assertThat(joined).isEqualTo(whole.toString(StandardCharsets.UTF_8));
      assertThat(joined).endsWith("request_seconds_sum 1.5\n");
    }
  }

  @Test
  void aSmallAnswerIsWrittenInOnePiece() throws IOException {
    Exposition e = fleet(10, 400);
    TwoParts parts = new TwoParts();
    new ExpositionWriter().write(parts, e, null);
    assertThat(parts.second.size()).isZero();
    assertThat(parts.secondClosed).isFalse();
    assertThat(parts.size()).isGreaterThan(100_000);
  }
}
