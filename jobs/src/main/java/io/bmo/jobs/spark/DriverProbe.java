package io.bmo.jobs.spark;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.BlockId;
import scala.Option;

/**
 * What a long-running driver holds, for soak checks: heap in use after a full GC, live threads, broadcast blocks
 * and cached RDDs the driver's block manager knows, and listeners on Spark's bus. Switched on with
 * {@code -Dbmo.soak.every=N} (train prints one JSON line per N steps to stderr, prefixed {@code bmo soak: }).
 */
public final class DriverProbe {
  private DriverProbe() {}

  /**
   * Steps between probes, 0 when off.
   *
   * @return the probe interval in steps
   */
  public static long every() {
    return Long.getLong("bmo.soak.every", 0L);
  }

  /**
   * One probe after {@code step} steps (runs full GCs and waits about a second first, so call it rarely).
   *
   * @param step steps done
   * @return the probe's fields (heap after GC, threads, …) by name
   */
  public static Map<String, Object> probe(long step) {
    // Spark's ContextCleaner removes the broadcasts of unreachable task binaries asynchronously after a GC found
    // them: collect, give it a moment, collect again, so the counts do not depend on when the last GC happened.
    for (int i = 0; i < 3; i++) {
      System.gc();
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("step", step);
    m.put("heap_used_bytes", mem.getHeapMemoryUsage().getUsed());
    m.put("threads", ManagementFactory.getThreadMXBean().getThreadCount());
    Option<SparkSession> s = SparkSession.getDefaultSession();
    if (s.isDefined()) {
      SparkContext sc = s.get().sparkContext();
      m.put("broadcast_blocks", sc.env().blockManager().getMatchingBlockIds(DriverProbe::isBroadcast).size());
      m.put("cached_rdds", sc.getPersistentRDDs().size());
      m.put("listeners", sc.listenerBus().listeners().size());
    }
    return m;
  }

  private static Object isBroadcast(BlockId id) {
    return id.isBroadcast();
  }
}
