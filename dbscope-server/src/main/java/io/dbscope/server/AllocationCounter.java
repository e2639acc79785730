package io.dbscope.server;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import io.dbscope.core.metrics.MetricType;
import io.dbscope.core.metrics.SampleBatch;
import io.prometheus.metrics.model.snapshots.Labels;
import java.lang.management.MemoryUsage;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import javax.management.Notification;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * {@code jvm_memory_pool_allocated_bytes_total}: what each pool grew by between collections, read
 * from the GC notifications, counted as client_java counts it (growth before this collection since
 * the last one left off, plus any growth during it).
 */
final class AllocationCounter implements NotificationListener {
  private final Map<String, Long> lastAfter = new HashMap<>();
  private final Map<String, Long> total = new TreeMap<>();
  private final Map<String, Labels> labels = new HashMap<>();

  @Override
  public void handleNotification(Notification n, Object handback) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
      return;
    }
    GcInfo info =
        GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()).getGcInfo();
    Map<String, MemoryUsage> after = info.getMemoryUsageAfterGc();
    info.getMemoryUsageBeforeGc()
        .forEach(
            (pool, before) -> {
              MemoryUsage a = after.get(pool);
              if (a != null) {
                collected(pool, before.getUsed(), a.getUsed());
              }
            });
  }

  synchronized void collected(String pool, long before, long after) {
    Long last = lastAfter.put(pool, after);
    long increase = Math.max(0, before - (last == null ? 0 : last)) + Math.max(0, after - before);
    if (increase > 0) {
      total.merge(pool, increase, Long::sum);
    }
  }

  synchronized void addTo(SampleBatch b) {
    total.forEach(
        (pool, bytes) ->
            b.add(
                "jvm_memory_pool_allocated_bytes_total",
                MetricType.COUNTER,
                "Total bytes allocated in a given JVM memory pool. Only updated after GC, not"
                    + " continuously.",
                labels.computeIfAbsent(pool, p -> Labels.of("pool", p)),
                bytes));
  }
}
