package io.dbscope.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dbscope.core.metrics.Exposition;
import io.dbscope.core.metrics.ExpositionWriter;
import io.dbscope.core.metrics.SampleBatch;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmBufferPoolMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmClassLoadingMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmCompilationMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmGarbageCollectorMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryPoolAllocationMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmRuntimeInfoMetric;
import io.prometheus.metrics.instrumentation.jvm.JvmThreadsMetrics;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

/**
 * dbscope's own JVM and process metrics against the client_java collectors they replace, both read
 * in this JVM: the same HELP and TYPE lines and the same series (names and labels), in the
 * Prometheus text format. Only values may differ, since they are read at two moments; the
 * allocation counters are compared once both GC listeners have seen the same collections.
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
    JvmGarbageCollectorMetrics.builder().register(registry);
    JvmMemoryPoolAllocationMetrics.builder().register(registry);
    JvmRuntimeInfoMetric.builder().register(registry);
    ProcessMetrics.builder().register(registry);
    try (RuntimeSamples runtime = new RuntimeSamples()) {
      // The allocation counters start with the first collection both listeners have seen.
      List<String> expected = List.of();
      List<String> actual = List.of("not read yet");
      long until = System.nanoTime() + 20_000_000_000L;
      while (!actual.equals(expected) && System.nanoTime() - until < 0) {
        System.gc();
        Thread.sleep(200);
        expected = withoutValues(theirs(registry));
        actual = withoutValues(ours(runtime));
      }
      assertThat(expected)
          .contains(
              "# TYPE jvm_memory_used_bytes gauge",
              "# TYPE jvm_gc_collection_seconds summary",
              "process_resident_memory_bytes")
          .anyMatch(l -> l.startsWith("jvm_memory_pool_allocated_bytes_total{pool="))
          .anyMatch(l -> l.startsWith("jvm_runtime_info{runtime="));
      assertThat(actual).isEqualTo(expected);
    }
  }

  @Test
  void allocationsAreCountedAsClientJavaCountsThem() {
    AllocationCounter a = new AllocationCounter();
    a.collected("eden", 100, 0); // 100 grown since the start
    a.collected("eden", 80, 0); // 80 since the last collection left 0
    a.collected("old", 10, 30); // 10 before, 20 promoted during the collection
    a.collected("old", 30, 25); // nothing new
    SampleBatch b = new SampleBatch();
    a.addTo(b);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      new ExpositionWriter().write(out, Exposition.builder().add(b).build(), null);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("jvm_memory_pool_allocated_bytes_total{pool=\"eden\"} 180.0\n")
        .contains("jvm_memory_pool_allocated_bytes_total{pool=\"old\"} 30.0\n");
  }

  private static String theirs(PrometheusRegistry registry) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String ours(RuntimeSamples runtime) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new ExpositionWriter()
        .write(
            out, Exposition.builder().add(runtime.samples()).add(runtime.collect()).build(), null);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aDeadlockOnLocksIsCountedWhereItIsAndNotAsAMonitorDeadlock() throws Exception {
    ReentrantLock first = new ReentrantLock();
    ReentrantLock second = new ReentrantLock();
    CountDownLatch bothHeld = new CountDownLatch(2);
    Thread a = Thread.ofPlatform().daemon().start(() -> crossLock(first, second, bothHeld));
    Thread b = Thread.ofPlatform().daemon().start(() -> crossLock(second, first, bothHeld));
    try (RuntimeSamples runtime = new RuntimeSamples()) {
      long until = System.nanoTime() + 10_000_000_000L;
      while (value(runtime, "jvm_threads_deadlocked") < 2 && System.nanoTime() - until < 0) {
        Thread.sleep(20);
      }
      assertThat(value(runtime, "jvm_threads_deadlocked")).isEqualTo(2);
      assertThat(value(runtime, "jvm_threads_deadlocked_monitor")).isZero();
      a.interrupt();
      b.interrupt();
      a.join(10_000);
      b.join(10_000);
      assertThat(value(runtime, "jvm_threads_deadlocked")).isZero();
      assertThat(value(runtime, "jvm_threads_deadlocked_monitor")).isZero();
    }
  }

  /** Holds one lock and waits for the other until interrupted. */
  static void crossLock(ReentrantLock mine, ReentrantLock theirs, CountDownLatch bothHeld) {
    mine.lock();
    try {
      bothHeld.countDown();
      bothHeld.await();
      theirs.lockInterruptibly();
      theirs.unlock();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      mine.unlock();
    }
  }

  private static double value(RuntimeSamples runtime, String family) {
    return runtime.samples().families().stream()
        .filter(f -> f.name().equals(family))
        .flatMap(f -> f.points().stream())
        .mapToDouble(SampleBatch.Point::value)
        .sum();
  }

  @Test
  void aReadByAnInterruptedThreadLosesOneScrapesResidentSizeNotAllOfThem() {
    try (RuntimeSamples runtime = new RuntimeSamples()) {
      assertThat(value(runtime, "process_resident_memory_bytes")).isPositive();
      Thread.currentThread().interrupt();
      try {
        // The interrupt closes the kept channel under the read.
        value(runtime, "process_resident_memory_bytes");
      } finally {
        Thread.interrupted();
      }
      assertThat(value(runtime, "process_resident_memory_bytes")).isPositive();
    }
  }

  @Test
  void theResidentSizeIsReadAfreshAtEachScrape() {
    try (RuntimeSamples runtime = new RuntimeSamples()) {
      double before = value(runtime, "process_resident_memory_bytes");
      // 96 MB outside the heap, fresh pages (the JDK zeroes them, which makes them resident): the
      // kept file, read again from its start, must show them.
      java.nio.ByteBuffer touched = java.nio.ByteBuffer.allocateDirect(96 << 20);
      double after = value(runtime, "process_resident_memory_bytes");
      assertThat(before).isGreaterThan(1 << 20);
      assertThat(after).isGreaterThan(before + (64 << 20));
      assertThat(value(runtime, "process_virtual_memory_bytes")).isGreaterThan(after);
      assertThat(touched.get(95 << 20)).isZero();
    }
  }

  @Test
  void openFileDescriptorsAreCountedAsTheJvmCountsThem() throws Exception {
    var os =
        (com.sun.management.UnixOperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    try (RuntimeSamples runtime = new RuntimeSamples()) {
      double before = value(runtime, "process_open_fds");
      List<java.nio.channels.FileChannel> open = new java.util.ArrayList<>();
      try {
        for (int i = 0; i < 50; i++) {
          open.add(java.nio.channels.FileChannel.open(java.nio.file.Path.of("/proc/self/status")));
        }
        double during = value(runtime, "process_open_fds");
        // Other threads of the test JVM may open or close a few descriptors meanwhile.
        assertThat(during).isCloseTo(before + 50, within(5.0));
        // The JVM's count lists the directory, whose own descriptor it leaves out.
        assertThat(during).isCloseTo(os.getOpenFileDescriptorCount(), within(3.0));
      } finally {
        for (var c : open) {
          c.close();
        }
      }
      assertThat(value(runtime, "process_open_fds")).isCloseTo(before, within(5.0));
    }
  }

  @Test
  void kilobytesAreReadFromTheirLine() {
    byte[] status =
        "Name:\tjava\nXVmRSS:\t 1 kB\nVmSize:\t 3456789 kB\nVmRSS:\t   98765 kB\nVmPTE:\t kB\n"
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    assertThat(ProcessSamples.kilobytes(status, status.length, bytes("VmRSS:"))).isEqualTo(98765);
    assertThat(ProcessSamples.kilobytes(status, status.length, bytes("VmSize:")))
        .isEqualTo(3456789);
    assertThat(ProcessSamples.kilobytes(status, status.length, bytes("VmSwap:"))).isEqualTo(-1);
    // A line without a number, and a key past the bytes read.
    assertThat(ProcessSamples.kilobytes(status, status.length, bytes("VmPTE:"))).isEqualTo(-1);
    assertThat(ProcessSamples.kilobytes(status, 20, bytes("VmRSS:"))).isEqualTo(-1);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  /** Comment lines as they are; sample lines without their value; sorted. */
  private static List<String> withoutValues(String text) {
    return Arrays.stream(text.split("\n"))
        .map(l -> l.startsWith("#") ? l : l.substring(0, l.lastIndexOf(' ')))
        .sorted()
        .toList();
  }
}
