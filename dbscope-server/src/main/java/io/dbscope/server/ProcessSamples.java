package io.dbscope.server;

import io.dbscope.core.metrics.MetricType;
import io.dbscope.core.metrics.SampleBatch;
import io.prometheus.metrics.model.snapshots.Labels;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.RuntimeMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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
 *
 * <p>{@code /proc/self/status} stays open and is read again from its start for each scrape (procfs
 * writes it anew), into a buffer kept for that, and its two figures are read from the bytes:
 * opening, reading and decoding it as a string, then splitting lines by a regular expression, was a
 * twenty-fifth of the CPU of one Redis datasource's scrape ({@code perf}).
 */
final class ProcessSamples implements AutoCloseable {
  private static final Path STATUS = Path.of("/proc/self/status");
  private static final Path FDS = Path.of("/proc/self/fd");
  private static final byte[] VM_SIZE = "VmSize:".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] VM_RSS = "VmRSS:".getBytes(StandardCharsets.US_ASCII);

  private final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
  private final RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();

  /** The open status file, null until first read and after it failed; guarded by this. */
  private FileChannel status;

  /** Where the status text is read to, grown when it does not fit; guarded by this. */
  private ByteBuffer text = ByteBuffer.allocate(4096);

  /** Whether there is no /proc/self/status (not Linux): not tried again. */
  private boolean noStatus;

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
  private void status(SampleBatch b) {
    long vm;
    long rss;
    synchronized (this) {
      int n = readStatus();
      if (n < 0) {
        return;
      }
      byte[] a = text.array();
      vm = kilobytes(a, n, VM_SIZE);
      rss = kilobytes(a, n, VM_RSS);
    }
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

  /** The status text's length in {@link #text}, or -1 when it cannot be read. */
  private int readStatus() {
    if (noStatus) {
      return -1;
    }
    try {
      if (status == null) {
        status = FileChannel.open(STATUS);
      }
    } catch (NoSuchFileException | UnsupportedOperationException e) {
      // Not Linux, or /proc not mounted: not tried again.
      noStatus = true;
      return -1;
    } catch (IOException e) {
      // Out of descriptors, say: this scrape goes without, the next one tries again.
      return -1;
    }
    try {
      text.clear();
      while (true) {
        int r = status.read(text, text.position());
        if (r < 0) {
          return text.position();
        }
        if (!text.hasRemaining()) {
          text = ByteBuffer.allocate(text.capacity() * 2).put(text.flip());
        }
      }
    } catch (IOException e) {
      // A thread interrupted while it reads closes the channel: it is opened again next time.
      close();
      return -1;
    }
  }

  /**
   * The number after {@code key} at the start of a line of the first {@code n} bytes of {@code
   * status} ("VmRSS:\t 123456 kB"), or -1.
   */
  static long kilobytes(byte[] status, int n, byte[] key) {
    for (int i = 0; i + key.length <= n; i++) {
      if ((i == 0 || status[i - 1] == '\n') && startsWith(status, i, key)) {
        int j = i + key.length;
        while (j < n && (status[j] == ' ' || status[j] == '\t')) {
          j++;
        }
        long v = 0;
        int digits = 0;
        for (; j < n && status[j] >= '0' && status[j] <= '9' && digits < 18; j++, digits++) {
          v = v * 10 + (status[j] - '0');
        }
        return digits == 0 ? -1 : v;
      }
    }
    return -1;
  }

  private static boolean startsWith(byte[] a, int at, byte[] key) {
    for (int k = 0; k < key.length; k++) {
      if (a[at + k] != key[k]) {
        return false;
      }
    }
    return true;
  }

  @Override
  public synchronized void close() {
    if (status != null) {
      try {
        status.close();
      } catch (IOException e) {
        // Closing a read-only proc file: nothing is lost.
      }
      status = null;
    }
  }

  private static void gauge(SampleBatch b, String name, String help, Labels labels, double value) {
    b.add(name, MetricType.GAUGE, help, labels, value);
  }

  private static void counter(SampleBatch b, String name, String help, double value) {
    b.add(name, MetricType.COUNTER, help, Labels.EMPTY, value);
  }
}
