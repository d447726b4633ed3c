package io.bmo.core.simd;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.LoggerFactory;

/**
 * Whether {@link VectorBitKernels} can run in this JVM: the module {@code jdk.incubator.vector} is resolved
 * ({@code --add-modules jdk.incubator.vector}, as {@code submit.sh}, the tests and the benchmark start the JVM), the
 * CPU has vectors of 256 bits or more, and the system property {@code bmo.simd} is not {@code false}. Any value other
 * than {@code true} or {@code false} is named in one logged warning and taken as {@code true} (both give the same
 * bits). This class names no vector type, so it loads in any JVM; callers fall back to their scalar loops, with the
 * same bits, when {@link #AVAILABLE} is false.
 *
 * <p><b>Warm-up.</b> Until the JIT has compiled a vector pass, each of its vector operations runs as ordinary Java
 * code, about a hundred times slower than the scalar loop (the first training step took 1.5 s instead of 0.6 s).
 * So callers ask {@link #ready()}, which stays false, and they run their scalar loops, until one background thread
 * has run the passes often enough to be compiled (under a second, once per JVM); the results are the same bits
 * either way. {@link #warmUpInBackground()} starts that thread early, e.g. while Spark starts.
 */
public final class Simd {
  /** True when {@link VectorBitKernels} may be called. */
  public static final boolean AVAILABLE = available();

  /** Calls of each pass in the warm-up: compiled after about 2,000 here; twice that for slower compilers. */
  static final int WARM_UP_ROUNDS = 4000;

  private static final AtomicBoolean STARTED = new AtomicBoolean();
  private static volatile boolean warm;

  private Simd() {}

  /**
   * Whether callers should take the vector passes now: {@link #AVAILABLE} and warmed up. The first call starts the
   * warm-up when nothing has.
   *
   * @return true once the warm-up has finished
   */
  public static boolean ready() {
    if (warm) {
      return true;
    }
    warmUpInBackground();
    return false;
  }

  /** Starts the warm-up on a daemon thread, once per JVM; nothing when the passes are not {@link #AVAILABLE}. */
  public static void warmUpInBackground() {
    if (AVAILABLE && !STARTED.get() && STARTED.compareAndSet(false, true)) { // no atomic write once started
      Thread t = new Thread(Simd::warmUp, "bmo-simd-warm-up");
      t.setDaemon(true);
      t.start();
    }
  }

  private static void warmUp() {
    try {
      VectorBitKernels.warmUp(WARM_UP_ROUNDS);
      warm = true;
    } catch (RuntimeException | LinkageError e) {
      LoggerFactory.getLogger(Simd.class).warn("vector passes left unused, the scalar loops run: {}", e.toString());
    }
  }

  private static boolean available() {
    String property = System.getProperty("bmo.simd");
    if (property != null && !property.equals("true") && !property.equals("false")) {
      LoggerFactory.getLogger(Simd.class).warn("bmo.simd: expected true or false, got '{}'; taken as true", property);
    }
    if ("false".equals(property) || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      return false;
    }
    try {
      return VectorBitKernels.usable();
    } catch (LinkageError e) {
      return false;
    }
  }
}
