package io.dbscope.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbscope.core.metrics.Exposition;
import io.dbscope.core.metrics.ExpositionWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmBufferPoolMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmClassLoadingMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmCompilationMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmThreadsMetrics;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * dbscope's own JVM and process metrics against the client_java collectors they replace, both
 * read in this JVM: the same HELP and TYPE lines and the same series (names and labels), in the
 * Prometheus text format. Only values may differ, since they are read at two moments.
 */
class RuntimeSamplesTest {

  @Test
  void theSameFamiliesAndSeriesAsClientJava() throws Exception {
    PrometheusRegistry registry = new PrometheusRegistry();
    JvmThreadsMetrics.builder().register(registry);
    JvmBufferPoolMetrics.builder().register(registry);
    JvmClassLoadingMetrics.builder().register(registry);
    JvmCompilationMetrics.builder().register(registry);
    JvmMemoryMetrics.builder().register(registry);
    ProcessMetrics.builder().register(registry);
    ByteArrayOutputStream theirs = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(theirs, registry.scrape());

    ByteArrayOutputStream ours = new ByteArrayOutputStream();
    new ExpositionWriter()
        .write(ours, Exposition.builder().add(new RuntimeSamples().collect()).build(), null);

    List<String> expected = withoutValues(theirs.toString(StandardCharsets.UTF_8));
    assertThat(expected).contains("# TYPE jvm_memory_used_bytes gauge", "process_resident_memory_bytes");
    assertThat(withoutValues(ours.toString(StandardCharsets.UTF_8))).isEqualTo(expected);
  }

  @Test
  void kilobytesAreReadFromTheirLine() {
    String status = "Name:\tjava\nVmSize:\t 3456789 kB\nVmRSS:\t   98765 kB\n";
    assertThat(RuntimeSamples.kilobytes(status, "VmRSS:")).isEqualTo(98765);
    assertThat(RuntimeSamples.kilobytes(status, "VmSize:")).isEqualTo(3456789);
    assertThat(RuntimeSamples.kilobytes(status, "VmSwap:")).isEqualTo(-1);
  }

  /** Comment lines as they are; sample lines without their value; sorted. */
  private static List<String> withoutValues(String text) {
    return Arrays.stream(text.split("\n"))
        .map(l -> l.startsWith("#") ? l : l.substring(0, l.lastIndexOf(' ')))
        .sorted()
        .toList();
  }
}
