package io.bmo.core.simd;

/**
 * Whether {@link VectorBitKernels} can run in this JVM: the module {@code jdk.incubator.vector} is resolved
 * ({@code --add-modules jdk.incubator.vector}, as {@code submit.sh}, the tests and the benchmark start the JVM), the
 * CPU has vectors of 256 bits or more, and the system property {@code bmo.simd} is not {@code false}. This class
 * names no vector type, so it loads in any JVM; callers fall back to their scalar loops, with the same bits, when
 * {@link #AVAILABLE} is false.
 */
public final class Simd {
  /** True when {@link VectorBitKernels} may be called. */
  public static final boolean AVAILABLE = available();

  private Simd() {}

  private static boolean available() {
    if ("false".equals(System.getProperty("bmo.simd"))
        || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      return false;
    }
    try {
      return VectorBitKernels.usable();
    } catch (LinkageError e) {
      return false;
    }
  }
}
