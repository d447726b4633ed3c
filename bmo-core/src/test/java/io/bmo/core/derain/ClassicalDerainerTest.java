package io.bmo.core.derain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ClassicalDerainerTest {
  private final ClassicalDerainer derainer = new ClassicalDerainer(0.01, 8, 0.2, 0.003, 20, 0.02);

  @Test
  void rainFreeConstantImageIsAFixedPoint() {
    double[] o = new double[12 * 15];
    Arrays.fill(o, 0.375);
    double[] b = new double[o.length];
    double[] r = new double[o.length];
    derainer.derain(o, 12, 15, b, r);
    assertArrayEquals(o, b, 0.0);
    assertArrayEquals(new double[o.length], r, 0.0);
  }

  /** With every prior off (α = η = λ = 0) the start B = O, R = 0 has zero data residual: nothing may move. */
  @Test
  void withoutPriorsTheDataStepIsExactAndRStaysZero() {
    double[] o = new double[12 * 15];
    for (int i = 0; i < 12; i++) {
      o[i * 15 + 7] = 0.5;
    }
    double[] b = new double[o.length];
    double[] r = new double[o.length];
    new ClassicalDerainer(0, 8, 0, 0, 5, 0.02).derain(o, 12, 15, b, r);
    // From B = O, R = 0 the data residual is 0 and nothing moves: exactly the input back.
    assertArrayEquals(o, b, 0.0);
    assertEquals(0.0, Arrays.stream(r).sum(), 0.0);
  }

  @Test
  void invalidParametersAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new ClassicalDerainer(0.01, 0, 0.2, 0.003, 20, 0.02));
  }
}
