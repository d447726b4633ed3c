package io.bmo.core.blas;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Tells whether {@code OPENBLAS_CORETYPE} forces OpenBLAS onto kernels older than the CPU supports.
 *
 * <p>OpenBLAS built with dynamic architecture (as the bundled one is) picks its kernels from the CPU's instruction
 * set at load time, unless the environment variable {@code OPENBLAS_CORETYPE} names a core. Some machines set it to an
 * old core to work around old OpenBLAS builds; a current build then runs, e.g., its Haswell (AVX2) kernels on an
 * AVX-512 CPU — on the machine this project is developed on that is DGEMM 47 instead of 73 GFLOP/s per core. This
 * class only reports; it never changes the variable (the user may have set it for a reason).
 *
 * <p>Kernels are ranked by instruction-set tier, the order in which OpenBLAS's x86-64 dispatch prefers them:
 * SSE-era cores (0) &lt; AVX (1: Sandybridge, Bulldozer family) &lt; AVX2 + FMA (2: Haswell, Zen) &lt; AVX-512
 * (3: SkylakeX) &lt; AVX-512 BF16 (4: Cooperlake) &lt; AMX (5: SapphireRapids). The CPU's tier is read from the
 * {@code flags} line of {@code /proc/cpuinfo}. A forced name that is unknown, or any non-x86 machine, gives no
 * warning.
 */
public final class KernelCheck {
  private static final List<String> TIER0 = List.of("katmai", "coppermine", "northwood", "prescott", "banias",
      "atom", "core2", "penryn", "dunnington", "nehalem", "athlon", "opteron", "opteron_sse3", "barcelona", "nano");
  private static final List<String> TIER1 = List.of("sandybridge", "bulldozer", "piledriver", "steamroller",
      "excavator");
  private static final List<String> TIER2 = List.of("haswell", "zen");
  private static final String[] TIER_NAMES = {"SSE-era", "Sandybridge", "Haswell", "SkylakeX", "Cooperlake",
      "SapphireRapids"};

  private KernelCheck() {}

  /**
   * The warning for this process's environment and CPU, or empty when none is due.
   *
   * @return one line naming the forced kernel and the one the CPU would get
   */
  public static Optional<String> warning() {
    String forced = System.getenv("OPENBLAS_CORETYPE");
    if (forced == null || forced.isBlank()) {
      return Optional.empty();
    }
    return warning(forced, cpuFlags(Path.of("/proc/cpuinfo")));
  }

  /**
   * The warning for a forced core name and a set of CPU flags (pure; what {@link #warning()} evaluates).
   *
   * @param forced value of {@code OPENBLAS_CORETYPE}
   * @param flags CPU feature flags as in {@code /proc/cpuinfo} (lower case); empty when unknown
   * @return the warning line, or empty when the forced kernel is not older than the CPU's or either is unknown
   */
  public static Optional<String> warning(String forced, Set<String> flags) {
    int forcedTier = tierOfCore(forced);
    int cpuTier = tierOfFlags(flags);
    if (forcedTier < 0 || cpuTier < 0 || forcedTier >= cpuTier) {
      return Optional.empty();
    }
    return Optional.of("warning: OPENBLAS_CORETYPE=" + forced.trim() + " forces OpenBLAS's " + forced.trim()
        + " kernels; this CPU would get " + TIER_NAMES[cpuTier] + " kernels without it (faster BLAS: unset "
        + "OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE if your machine does not need them)");
  }

  /** Tier of an OpenBLAS core name (case-insensitive), or -1 when unknown. */
  static int tierOfCore(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    if (TIER0.contains(n)) {
      return 0;
    }
    if (TIER1.contains(n)) {
      return 1;
    }
    if (TIER2.contains(n)) {
      return 2;
    }
    return switch (n) {
      case "skylakex" -> 3;
      case "cooperlake" -> 4;
      case "sapphirerapids" -> 5;
      default -> -1;
    };
  }

  /** Highest tier whose instructions all appear in {@code flags}, or -1 when no flags are known. */
  static int tierOfFlags(Set<String> flags) {
    if (flags.isEmpty()) {
      return -1;
    }
    boolean avx512 = flags.containsAll(List.of("avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"));
    if (avx512 && flags.containsAll(List.of("amx_tile", "avx512_bf16", "avx512_fp16"))) {
      return 5;
    }
    if (avx512 && flags.contains("avx512_bf16")) {
      return 4;
    }
    if (avx512) {
      return 3;
    }
    if (flags.containsAll(List.of("avx2", "fma"))) {
      return 2;
    }
    return flags.contains("avx") ? 1 : 0;
  }

  /** Flags of the first processor in a cpuinfo file; empty when the file or the line is missing. */
  static Set<String> cpuFlags(Path cpuinfo) {
    try {
      for (String line : Files.readAllLines(cpuinfo)) {
        if (line.startsWith("flags")) {
          int colon = line.indexOf(':');
          return new HashSet<>(Arrays.asList(line.substring(colon + 1).trim().split("\\s+")));
        }
      }
    } catch (IOException | RuntimeException e) {
      return Set.of();
    }
    return Set.of();
  }
}
