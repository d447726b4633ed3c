package io.bmo.core.deconv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class MotionKernelsTest {
  /** Normalisation divides by a sum of ~500 positive terms: Σ = 1 within a few ulps. */
  private static final double SUM_TOL = 1e-13;
  /** Bilinear splatting keeps first moments exactly; rounding over ~500 samples leaves ~1e-13 px. */
  private static final double CENTROID_TOL = 1e-9;
  private static final int KERNELS = 200;

  @Test
  void kernelsAreNormalisedNonNegativeOddAndCentred() {
    MotionKernels gen = MotionKernels.standard(42);
    TreeSet<Integer> sizes = new TreeSet<>();
    for (int i = 0; i < KERNELS; i++) {
      BlurKernel k = gen.kernel(i);
      int s = k.rows();
      assertEquals(s, k.cols());
      assertTrue(s % 2 == 1 && s >= 7 && s <= 25, "size " + s);
      sizes.add(s);
      double sum = 0;
      double mr = 0;
      double mc = 0;
      int support = 0;
      for (int a = 0; a < s; a++) {
        for (int b = 0; b < s; b++) {
          double t = k.tap(a, b);
          assertTrue(t >= 0);
          sum += t;
          mr += a * t;
          mc += b * t;
          support += t > 0 ? 1 : 0;
        }
      }
      assertEquals(1, sum, SUM_TOL);
      assertEquals(s / 2, mr, CENTROID_TOL, "row centroid of kernel " + i);
      assertEquals(s / 2, mc, CENTROID_TOL, "column centroid of kernel " + i);
      // a trajectory spanning ≥ 60 % of the radius covers at least ~s/2 pixels and is far from a full square
      assertTrue(support >= s / 2 && support < s * s, "support " + support + " of a " + s + "x" + s + " kernel");
    }
    assertEquals(10, sizes.size(), "every odd size 7..25 occurs: " + sizes);
  }

  @Test
  void kernelDependsOnlyOnSeedAndIndex() {
    MotionKernels gen = MotionKernels.standard(7);
    BlurKernel five = gen.kernel(5);
    gen.kernel(3);
    assertArrayEquals(five.taps(), new MotionKernels(7, 7, 25).kernel(5).taps(), 0.0);
    assertFalse(Arrays.equals(five.taps(), gen.kernel(6).taps()));
    assertFalse(Arrays.equals(five.taps(), MotionKernels.standard(8).kernel(5).taps()));
  }

  /** Motion blur is not point-symmetric: the kernel differs from its 180° rotation. */
  @Test
  void kernelsAreAsymmetricCurves() {
    int asymmetric = 0;
    for (int i = 0; i < 20; i++) {
      BlurKernel k = MotionKernels.standard(1).kernel(i);
      double diff = 0;
      double[] flipped = k.correlationTaps();
      double[] t = k.taps();
      for (int p = 0; p < t.length; p++) {
        diff += Math.abs(t[p] - flipped[p]);
      }
      asymmetric += diff > 0.05 ? 1 : 0;
    }
    assertTrue(asymmetric >= 15, asymmetric + " of 20 kernels are asymmetric");
  }

  @Test
  void sizesAreValidated() {
    assertEquals(3, new MotionKernels(0, 3, 3).kernel(0).rows());
    for (int[] bad : new int[][] {{1, 5}, {4, 9}, {5, 8}, {9, 7}, {7, 101}}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> new MotionKernels(0, bad[0], bad[1]));
      assertTrue(e.getMessage().contains(bad[0] + ".." + bad[1]), e.getMessage());
    }
  }
}
