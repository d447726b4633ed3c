package io.bmo.core.blas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelCheckTest {
  /** Flags of an AVX-512 BF16 CPU (as on the machine the project is developed on). */
  private static final Set<String> BF16 = Set.of("fma", "avx", "avx2", "avx512f", "avx512dq", "avx512cd",
      "avx512bw", "avx512vl", "avx512_bf16");

  @Test
  void forcedHaswellOnBf16CpuNamesBothKernels() {
    String w = KernelCheck.warning("Haswell", BF16).orElseThrow();
    assertTrue(w.contains("OPENBLAS_CORETYPE=Haswell"), w);
    assertTrue(w.contains("would get Cooperlake"), w);
    assertEquals(1, w.lines().count());
  }

  @Test
  void noWarningWhenForcedKernelIsNotOlderOrUnknown() {
    assertTrue(KernelCheck.warning("Cooperlake", BF16).isEmpty());
    assertTrue(KernelCheck.warning("SAPPHIRERAPIDS", BF16).isEmpty());
    assertTrue(KernelCheck.warning("NoSuchCore", BF16).isEmpty());
    assertTrue(KernelCheck.warning("Haswell", Set.of()).isEmpty());
    assertTrue(KernelCheck.warning("zen", Set.of("avx", "avx2", "fma")).isEmpty());
  }

  @Test
  void tiersFollowTheInstructionSets() {
    assertEquals(0, KernelCheck.tierOfFlags(Set.of("sse2")));
    assertEquals(1, KernelCheck.tierOfFlags(Set.of("avx")));
    assertEquals(2, KernelCheck.tierOfFlags(Set.of("avx", "avx2", "fma")));
    assertEquals(3, KernelCheck.tierOfFlags(Set.of("avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl")));
    assertEquals(4, KernelCheck.tierOfFlags(BF16));
    assertEquals(2, KernelCheck.tierOfCore(" zen "));
    assertEquals(1, KernelCheck.tierOfCore("Sandybridge"));
    assertEquals(-1, KernelCheck.tierOfCore("armv8"));
  }

  @Test
  void readsTheFirstFlagsLine(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("cpuinfo");
    Files.writeString(f, "processor\t: 0\nflags\t\t: fpu avx avx2 fma\nflags\t\t: avx512f\n");
    assertEquals(Set.of("fpu", "avx", "avx2", "fma"), KernelCheck.cpuFlags(f));
    assertEquals(Set.of(), KernelCheck.cpuFlags(dir.resolve("missing")));
  }
}
