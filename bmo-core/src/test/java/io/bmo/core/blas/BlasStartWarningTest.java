package io.bmo.core.blas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * When OpenBLAS started for more than one thread while bmo pins it to one (measured here: dot products and DGEMM
 * then differ in the last bits from a start with {@code OPENBLAS_NUM_THREADS=1}), one line says so; it follows
 * OpenBLAS's own order of variables and stays silent for a single-thread start or a request for several threads.
 */
class BlasStartWarningTest {
  @Test
  void unsetVariablesOnSeveralProcessorsWarnAndNameTheFix() {
    Optional<String> w = Blas.startWarning(null, null, null, 2, 1);
    assertTrue(w.isPresent());
    assertEquals("OpenBLAS started for 2 threads (OPENBLAS_NUM_THREADS unset); pinned to 1 it still rounds some"
        + " products differently, so results will not match runs started with OPENBLAS_NUM_THREADS=1 (as submit.sh"
        + " starts them) bit for bit: set OPENBLAS_NUM_THREADS=1 before the JVM starts", w.get());
  }

  @Test
  void aSingleThreadStartByAnyOfOpenBlasVariablesIsSilent() {
    assertFalse(Blas.startWarning("1", null, null, 8, 1).isPresent());
    assertFalse(Blas.startWarning(null, "1", null, 8, 1).isPresent());
    assertFalse(Blas.startWarning(null, null, " 1 ", 8, 1).isPresent());
    assertFalse(Blas.startWarning(null, null, null, 1, 1).isPresent(), "one processor: OpenBLAS starts for one");
  }

  @Test
  void theFirstPositiveVariableDecidesAsInOpenBlas() {
    assertEquals(Optional.empty(), Blas.startWarning("1", "4", "4", 8, 1));
    assertTrue(Blas.startWarning("4", "1", "1", 8, 1).get().contains("started for 4 threads (OPENBLAS_NUM_THREADS=4)"));
    assertTrue(Blas.startWarning("", "x", "3", 8, 1).get().contains("started for 3 threads (OMP_NUM_THREADS=3)"));
    assertTrue(Blas.startWarning("0", null, null, 2, 1).get().contains("started for 2 threads"));
  }

  @Test
  void aRequestForSeveralThreadsIsNotWarnedAbout() {
    assertFalse(Blas.startWarning("4", null, null, 8, 4).isPresent());
    assertFalse(Blas.startWarning(null, null, null, 8, 2).isPresent());
  }
}
