package io.bmo.core.simd;

import org.slf4j.LoggerFactory;

/**
 * Whether {@link VectorBitKernels} can run in this JVM: the module {@code jdk.incubator.vector} is resolved
 * ({@code --add-modules jdk.incubator.vector}, as {@code submit.sh}, the tests and the benchmark start the JVM), the
 * CPU has vectors of 256 bits or more, and the system property {@code bmo.simd} is not {@code false}. Any value other
 * than {@code true} or {@code false} is named in one logged warning and taken as {@code true} (both give the same
 * bits). This class names no vector type, so it loads in any JVM; callers fall back to their scalar loops, with the
 * same bits, when {@link #AVAILABLE} is false.
 */
public final class Simd {
  /** True when {@link VectorBitKernels} may be called. */
  public static final boolean AVAILABLE = available();

  private Simd() {}

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
