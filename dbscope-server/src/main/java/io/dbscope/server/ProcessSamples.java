package io.dbscope.server;

import io.dbscope.core.metrics.MetricType;
import io.dbscope.core.metrics.SampleBatch;
import io.prometheus.metrics.model.snapshots.Labels;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.RuntimeMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code process_*} metrics of client_java's process instrumentation, under its names, types
 * and help: CPU time, start time and file descriptors from the MXBeans, virtual and resident size
 * from {@code /proc/self/status}.
 *
 * <p>Open file descriptors are counted by the size Linux (6.2 and later) gives {@code
 * /proc/self/fd}: one {@code stat}, where the MXBean lists the directory, which takes longer the
 * more descriptors there are (a fleet holds one or more per datasource). Older kernels give 0
 * there, and the MXBean counts.
 */
final class ProcessSamples {
  private static final Path STATUS = Path.of("/proc/self/status");
  private static final Path FDS = Path.of("/proc/self/fd");

  private final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
  private final RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();

  /** The process gauges and counters, read now. */
  void addTo(SampleBatch b) {
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      counter(
          b,
          "process_cpu_seconds_total",
          "Total user and system CPU time spent in seconds.",
          sun.getProcessCpuTime() / 1e9);
    }
    gauge(
        b,
        "process_start_time_seconds",
        "Start time of the process since unix epoch in seconds.",
        Labels.EMPTY,
        runtime.getStartTime() / 1000.0);
    if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      gauge(b, "process_open_fds", "Number of open file descriptors.", Labels.EMPTY, openFds(unix));
      gauge(
          b,
          "process_max_fds",
          "Maximum number of open file descriptors.",
          Labels.EMPTY,
          unix.getMaxFileDescriptorCount());
    }
    status(b);
  }

  private static long openFds(com.sun.management.UnixOperatingSystemMXBean unix) {
    try {
      long n = Files.size(FDS);
      if (n > 0) {
        return n;
      }
    } catch (IOException | UnsupportedOperationException e) {
      // Not Linux, or /proc not mounted: the MXBean knows its way.
    }
    return unix.getOpenFileDescriptorCount();
  }

  /** Virtual and resident size from /proc/self/status (Linux), as client_java reads them. */
  private static void status(SampleBatch b) {
    String text;
    try {
      text = Files.readString(STATUS, StandardCharsets.UTF_8);
    } catch (IOException | UnsupportedOperationException e) {
      return;
    }
    long vm = kilobytes(text, "VmSize:");
    long rss = kilobytes(text, "VmRSS:");
    if (vm >= 0) {
      gauge(
          b,
          "process_virtual_memory_bytes",
          "Virtual memory size in bytes.",
          Labels.EMPTY,
          vm * 1024.0);
    }
    if (rss >= 0) {
      gauge(
          b,
          "process_resident_memory_bytes",
          "Resident memory size in bytes.",
          Labels.EMPTY,
          rss * 1024.0);
    }
  }

  /** The number after {@code key} on its line ("VmRSS: 123456 kB"), or -1. */
  static long kilobytes(String status, String key) {
    int i = status.indexOf(key);
    if (i < 0) {
      return -1;
    }
    int end = status.indexOf('\n', i);
    String[] parts =
        status.substring(i + key.length(), end < 0 ? status.length() : end).trim().split("\\s+");
    try {
      return Long.parseLong(parts[0]);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static void gauge(SampleBatch b, String name, String help, Labels labels, double value) {
    b.add(name, MetricType.GAUGE, help, labels, value);
  }

  private static void counter(SampleBatch b, String name, String help, double value) {
    b.add(name, MetricType.COUNTER, help, Labels.EMPTY, value);
  }
}
