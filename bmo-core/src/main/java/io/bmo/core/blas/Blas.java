package io.bmo.core.blas;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.lapack.JavaLAPACK;
import dev.ludovic.netlib.lapack.LAPACK;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that decides which BLAS implementation the math runs on.
 *
 * <p>Order of preference:
 * <ol>
 *   <li>Native OpenBLAS shipped in the {@code org.bytedeco:openblas} jar: javacpp extracts
 *       {@code libopenblas.so.0} into its cache, its thread count is pinned to {@link #threads()} (default 1, so
 *       Spark tasks do not oversubscribe cores), and the file is handed to dev.ludovic.netlib's JNI implementation
 *       through the system property {@code dev.ludovic.netlib.blas.nativeLibPath}. No system package is needed.</li>
 *   <li>A native BLAS that netlib finds on its own (a user-set {@code nativeLibPath}, or {@code libblas.so.3}).</li>
 *   <li>netlib's Java implementation (VectorBLAS or Java11BLAS), with one logged warning.</li>
 * </ol>
 * System property {@code bmo.blas=java} forces the Java implementation; {@code bmo.blas.threads=N} sets the
 * OpenBLAS thread count (environment {@code OPENBLAS_NUM_THREADS} is honoured when the property is absent).
 *
 * <p>LAPACK ({@link #lapack()}, for the few dense factorisations of closed forms) goes through netlib's LAPACK front
 * end on the same library: the bundled OpenBLAS includes LAPACK, and its path is handed over as
 * {@code dev.ludovic.netlib.lapack.nativeLibPath}.
 *
 * <p>The choice is made once per JVM, on first use, and is thread-safe.
 */
public final class Blas {
  private static final Logger LOG = LoggerFactory.getLogger(Blas.class);
  private static final String NATIVE_PATH_PROPERTY = "dev.ludovic.netlib.blas.nativeLibPath";
  private static final String LAPACK_PATH_PROPERTY = "dev.ludovic.netlib.lapack.nativeLibPath";

  private static volatile BLAS instance;
  private static volatile LAPACK lapack;
  private static volatile String description;
  private static volatile int threads = 1;

  private Blas() {}

  /** The BLAS every kernel in bmo uses. */
  public static BLAS get() {
    BLAS b = instance;
    if (b == null) {
      synchronized (Blas.class) {
        if (instance == null) {
          init();
        }
        b = instance;
      }
    }
    return b;
  }

  /**
   * The LAPACK of the dense factorisations, on the library {@link #get()} chose (native OpenBLAS when it loaded; with
   * {@code bmo.blas=java}, or when no native library loads, netlib's Java LAPACK).
   */
  public static LAPACK lapack() {
    LAPACK l = lapack;
    if (l == null) {
      synchronized (Blas.class) {
        if (lapack == null) {
          get(); // sets the native path first
          lapack = "java".equalsIgnoreCase(System.getProperty("bmo.blas", "")) || !isNative()
              ? JavaLAPACK.getInstance()
              : LAPACK.getInstance();
        }
        l = lapack;
      }
    }
    return l;
  }

  /**
   * Human-readable name of the active implementation, e.g. {@code "JNIBLAS (OpenBLAS 0.3.31 Cooperlake, 1 thread)"}.
   */
  public static String implementation() {
    get();
    return description;
  }

  /** True when a native BLAS is active. */
  public static boolean isNative() {
    return get().getClass().getSimpleName().startsWith("JNI");
  }

  /** Threads OpenBLAS was pinned to (1 unless configured otherwise). */
  public static int threads() {
    get();
    return threads;
  }

  private static void init() {
    String forced = System.getProperty("bmo.blas", "");
    String openblasInfo = null;
    if (!"java".equalsIgnoreCase(forced) && System.getProperty(NATIVE_PATH_PROPERTY) == null) {
      openblasInfo = tryBundledOpenBlas();
    }
    BLAS b;
    if ("java".equalsIgnoreCase(forced)) {
      b = BLAS.getInstance(); // falls back to Java when no native lib is configured
      try {
        b = dev.ludovic.netlib.blas.JavaBLAS.getInstance();
      } catch (RuntimeException ignored) {
        // keep what getInstance found
      }
    } else {
      b = BLAS.getInstance();
    }
    instance = b;
    String name = b.getClass().getSimpleName();
    if (name.startsWith("JNI")) {
      description = name + (openblasInfo != null ? " (" + openblasInfo + ")" : " (system native BLAS)");
    } else {
      description = name + " (pure Java fallback)";
      if (!"java".equalsIgnoreCase(forced)) {
        LOG.warn("Native BLAS unavailable; using netlib's {}. Expect several times slower kernels.", name);
      }
    }
    LOG.info("BLAS in use: {}", description);
    if (openblasInfo != null) {
      startWarning().ifPresent(LOG::warn);
    }
  }

  /**
   * The warning due when the bundled OpenBLAS started for more than one thread while bmo pins it to one: OpenBLAS
   * reads its thread count once, when it loads, and a library started for several threads rounds some products (dot
   * products, DGEMM) differently even after being pinned to one. Results then differ in the last bits from runs
   * started with {@code OPENBLAS_NUM_THREADS=1}, as {@code submit.sh}, its Spark executors and the tests start them.
   * Java cannot set the variable for the library it loads, so this only reports.
   *
   * @return one line naming the start-up thread count and the fix, or empty
   */
  public static Optional<String> startWarning() {
    return startWarning(System.getenv("OPENBLAS_NUM_THREADS"), System.getenv("GOTO_NUM_THREADS"),
        System.getenv("OMP_NUM_THREADS"), Runtime.getRuntime().availableProcessors(), requestedThreads());
  }

  /**
   * {@link #startWarning()} for given values (pure). OpenBLAS starts for the first of {@code OPENBLAS_NUM_THREADS},
   * {@code GOTO_NUM_THREADS} and {@code OMP_NUM_THREADS} that is a positive integer, else for every processor.
   *
   * @param openblas value of {@code OPENBLAS_NUM_THREADS}, or null
   * @param gotoThreads value of {@code GOTO_NUM_THREADS}, or null
   * @param omp value of {@code OMP_NUM_THREADS}, or null
   * @param processors processors of the machine
   * @param requested threads bmo pins OpenBLAS to
   * @return the warning, or empty when OpenBLAS started for one thread or more than one is requested
   */
  public static Optional<String> startWarning(String openblas, String gotoThreads, String omp, int processors,
      int requested) {
    int started = processors;
    String from = "OPENBLAS_NUM_THREADS unset";
    String[][] vars = {{"OPENBLAS_NUM_THREADS", openblas}, {"GOTO_NUM_THREADS", gotoThreads},
        {"OMP_NUM_THREADS", omp}};
    for (String[] v : vars) {
      int n = positive(v[1]);
      if (n > 0) {
        started = n;
        from = v[0] + "=" + v[1].trim();
        break;
      }
    }
    if (requested != 1 || started <= 1) {
      return Optional.empty();
    }
    return Optional.of("OpenBLAS started for " + started + " threads (" + from + "); pinned to 1 it still rounds some"
        + " products differently, so results will not match runs started with OPENBLAS_NUM_THREADS=1 (as submit.sh"
        + " starts them) bit for bit: set OPENBLAS_NUM_THREADS=1 before the JVM starts");
  }

  private static int positive(String value) {
    if (value == null || value.isBlank()) {
      return 0;
    }
    try {
      return Math.max(0, Integer.parseInt(value.trim()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Loads OpenBLAS from the bytedeco jar and points netlib at it; returns a description or null on failure. */
  private static String tryBundledOpenBlas() {
    try {
      Class<?> presets = Class.forName("org.bytedeco.openblas.global.openblas_full");
      String jniPath = org.bytedeco.javacpp.Loader.load(presets);
      if (jniPath == null) {
        return null;
      }
      Path lib = Path.of(jniPath).getParent().resolve("libopenblas.so.0");
      if (!Files.isRegularFile(lib)) {
        LOG.warn("Bundled OpenBLAS loaded but {} is missing", lib);
        return null;
      }
      int n = requestedThreads();
      presets.getMethod("openblas_set_num_threads", int.class).invoke(null, n);
      threads = (Integer) presets.getMethod("openblas_get_num_threads").invoke(null);
      Object core = presets.getMethod("openblas_get_corename").invoke(null);
      String coreName = (String) core.getClass().getMethod("getString").invoke(core);
      System.setProperty(NATIVE_PATH_PROPERTY, lib.toString());
      if (System.getProperty(LAPACK_PATH_PROPERTY) == null) {
        System.setProperty(LAPACK_PATH_PROPERTY, lib.toString());
      }
      return "bundled OpenBLAS " + coreName + ", " + threads + (threads == 1 ? " thread" : " threads");
    } catch (Throwable t) {
      LOG.warn("Bundled OpenBLAS could not be loaded: {}", t.toString());
      return null;
    }
  }

  private static int requestedThreads() {
    String p = System.getProperty("bmo.blas.threads");
    if (p == null) {
      p = System.getenv("OPENBLAS_NUM_THREADS");
    }
    if (p == null || p.isBlank()) {
      return 1;
    }
    try {
      return Math.max(1, Integer.parseInt(p.trim()));
    } catch (NumberFormatException e) {
      LOG.warn("Ignoring non-integer BLAS thread count '{}'", p);
      return 1;
    }
  }
}
