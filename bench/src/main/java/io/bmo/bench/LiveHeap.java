package io.bmo.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The largest heap in use right after any garbage collection while a piece of work runs (the live set, read from GC
 * notifications): what the work really holds, not the garbage it leaves.
 */
final class LiveHeap {
  private LiveHeap() {}

  /**
   * Result of {@link #measure}: the work's value, the peak live heap in MB, the seconds it took and the CPU seconds of
   * the driver's threads (every live thread except Spark's task threads, named "Executor task launch worker…", and the
   * JVM thread that delivers this measurement's GC notifications), and the thread that used most of it.
   */
  record Measured<T>(T value, double peakMb, double seconds, double driverCpuSeconds, String busiestDriverThread) {}

  private static final String TASK_THREAD = "Executor task launch worker";

  /** CPU nanoseconds so far of every live thread that is not a Spark task thread, by thread id. */
  private static java.util.Map<Long, Long> driverCpu() {
    java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    java.util.Map<Long, Long> out = new java.util.HashMap<>();
    for (java.lang.management.ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
      // The JVM's "Notification Thread" delivers the GC notifications this class listens to: the measurement's own.
      if (t != null && !t.getThreadName().startsWith(TASK_THREAD) && !t.getThreadName().equals("Notification Thread")) {
        long ns = mx.getThreadCpuTime(t.getThreadId());
        if (ns >= 0) {
          out.put(t.getThreadId(), ns);
        }
      }
    }
    return out;
  }

  static <T> Measured<T> measure(Callable<T> work) throws Exception {
    AtomicLong peak = new AtomicLong();
    NotificationListener listener = (notification, handback) -> {
      if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
        GarbageCollectionNotificationInfo info =
            GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        long used = 0;
        for (MemoryUsage u : info.getGcInfo().getMemoryUsageAfterGc().values()) {
          used += u.getUsed();
        }
        peak.accumulateAndGet(used, Math::max);
      }
    };
    List<NotificationEmitter> emitters = new ArrayList<>();
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter e) {
        e.addNotificationListener(listener, null, null);
        emitters.add(e);
      }
    }
    System.gc(); // the baseline: live set before the work
    try {
      java.util.Map<Long, Long> cpu0 = driverCpu();
      long t0 = System.nanoTime();
      T value = work.call();
      double secs = (System.nanoTime() - t0) / 1e9;
      long cpuNs = 0;
      long most = -1;
      String busiest = "";
      java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
      for (java.util.Map.Entry<Long, Long> e : driverCpu().entrySet()) {
        long d = e.getValue() - cpu0.getOrDefault(e.getKey(), 0L);
        cpuNs += d;
        if (d > most) {
          java.lang.management.ThreadInfo info = mx.getThreadInfo(e.getKey());
          most = d;
          busiest = info == null ? "?" : info.getThreadName();
        }
      }
      System.gc(); // what the result itself holds counts too
      Thread.sleep(300); // GC notifications arrive asynchronously
      return new Measured<>(value, peak.get() / 1e6, secs, cpuNs / 1e9, busiest);
    } finally {
      for (NotificationEmitter e : emitters) {
        e.removeNotificationListener(listener);
      }
    }
  }
}
