package io.bmo.core.imaging.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bmo.core.imaging.ImageShape;
import io.bmo.core.imaging.TestImages;
import org.junit.jupiter.api.Test;

class PatchConvolutionTest {
  /** im2col + DGEMM sums the same terms as the direct loop in another order: a few ulps of Σ|terms|. */
  private static final double CONV_TOL = 1e-13;
  /** ⟨Kx, v⟩ and ⟨x, Kᵀv⟩ are two summation orders of the same ~10³ products. */
  private static final double ADJOINT_TOL = 1e-12;

  private static final ImageShape SHAPE = new ImageShape(7, 9);
  private static final int IMAGES = 2;

  /** Slow reference: z[f, p] = Σ_{a,b} k_f[a,b] x((i+a−rh) mod H, (j+b−rw) mod W). */
  private static double[] direct(double[] filters, int f, int kh, int kw, double[] x) {
    int h = SHAPE.height();
    int w = SHAPE.width();
    int n = SHAPE.pixels();
    double[] z = new double[f * IMAGES * n];
    for (int img = 0; img < IMAGES; img++) {
      for (int i = 0; i < h; i++) {
        for (int j = 0; j < w; j++) {
          for (int q = 0; q < f; q++) {
            double s = 0;
            for (int a = 0; a < kh; a++) {
              for (int b = 0; b < kw; b++) {
                int ii = Math.floorMod(i + a - kh / 2, h);
                int jj = Math.floorMod(j + b - kw / 2, w);
                s += filters[q * kh * kw + a * kw + b] * x[img * n + ii * w + jj];
              }
            }
            z[(img * n + i * w + j) * f + q] = s;
          }
        }
      }
    }
    return z;
  }

  @Test
  void correlateMatchesDirectLoopForSquareAndRectangularFilters() {
    int[][] sizes = {{3, 3}, {1, 5}, {5, 3}};
    for (int[] sz : sizes) {
      int f = 3;
      PatchConvolution conv = new PatchConvolution(SHAPE, sz[0], sz[1], IMAGES);
      double[] filters = TestImages.random(f * sz[0] * sz[1], 1);
      double[] x = TestImages.random(IMAGES * SHAPE.pixels(), 2);
      double[] z = new double[f * IMAGES * SHAPE.pixels()];
      conv.correlate(filters, f, x, IMAGES, z);
      assertEquals(0.0, TestImages.relDiff(z, direct(filters, f, sz[0], sz[1], x)), CONV_TOL);
    }
  }

  @Test
  void adjointIsExactTranspose() {
    int f = 4;
    PatchConvolution conv = new PatchConvolution(SHAPE, 5, 5, IMAGES);
    double[] filters = TestImages.random(f * 25, 3);
    double[] x = TestImages.random(IMAGES * SHAPE.pixels(), 4);
    double[] v = TestImages.random(f * IMAGES * SHAPE.pixels(), 5);
    double[] kx = new double[v.length];
    double[] ktv = new double[x.length];
    conv.correlate(filters, f, x, IMAGES, kx);
    conv.correlateAdjoint(filters, f, v, IMAGES, ktv);
    double lhs = TestImages.dot(kx, v);
    double rhs = TestImages.dot(x, ktv);
    assertEquals(0.0, Math.abs(lhs - rhs) / Math.abs(lhs), ADJOINT_TOL);
  }

  @Test
  void filterGradientIsDerivativeOfWeightedResponses() {
    // Σ a ⊙ (k ⋆ x) is linear in k, so its gradient g satisfies ⟨g, k⟩ = Σ a ⊙ (k ⋆ x) exactly.
    int f = 2;
    PatchConvolution conv = new PatchConvolution(SHAPE, 3, 3, IMAGES);
    double[] filters = TestImages.random(f * 9, 6);
    double[] x = TestImages.random(IMAGES * SHAPE.pixels(), 7);
    double[] a = TestImages.random(f * IMAGES * SHAPE.pixels(), 8);
    double[] g = new double[f * 9];
    conv.accumulateFilterGradient(x, IMAGES, a, f, 0.0, g);
    double expected = TestImages.dot(a, direct(filters, f, 3, 3, x));
    assertEquals(0.0, Math.abs(TestImages.dot(g, filters) - expected) / Math.abs(expected), CONV_TOL * 10);
  }

  @Test
  void rejectsEvenSizesAndOversizedBlocks() {
    assertThrows(IllegalArgumentException.class, () -> new PatchConvolution(SHAPE, 4, 3, 1));
    PatchConvolution conv = new PatchConvolution(SHAPE, 3, 3, 1);
    assertThrows(IllegalArgumentException.class,
        () -> conv.correlate(new double[9], 1, new double[2 * 63], 2, new double[2 * 63]));
  }
}
