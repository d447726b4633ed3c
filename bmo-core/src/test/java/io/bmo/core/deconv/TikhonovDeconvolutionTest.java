package io.bmo.core.deconv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.core.deconv.TikhonovDeconvolution.Prior;
import io.bmo.core.imaging.ImageShape;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TikhonovDeconvolutionTest {
  /** FFT vs Gaussian elimination, both backward stable, O(1) values, λ ≥ 0.01 keeps cond moderate: 1e-10 is loose. */
  private static final double DENSE_TOL = 1e-10;

  /** The gradient prior solves (KᵀK + λ DᵀD) x = Kᵀy with D the dense periodic forward differences. */
  @ParameterizedTest
  @CsvSource({"3,0.01", "5,0.1", "5,2.0"})
  void gradientPriorMatchesTheDenseSolve(int ks, double lambda) {
    int h = 6;
    int w = 7;
    Random rnd = new Random(ks + (long) (lambda * 1000));
    BlurKernel k = Dense.randomKernel(rnd, ks, ks);
    double[] y = Dense.random(rnd, h * w);
    double[][] m = Dense.blurMatrix(k, h, w);
    double[][] a = Dense.gram(m);
    double[][] dd = Dense.gram(Dense.gradientMatrix(h, w));
    for (int p = 0; p < h * w; p++) {
      for (int q = 0; q < h * w; q++) {
        a[p][q] += lambda * dd[p][q];
      }
    }
    double[] x = new double[h * w];
    new TikhonovDeconvolution(new BlurSpectrum(k, new ImageShape(h, w)), Prior.GRADIENT).apply(y, lambda, x);
    assertArrayEquals(Dense.solve(a, Dense.mulT(m, y)), x, DENSE_TOL);
  }

  /** The identity prior is the data step at z = 0, ρ = λ (a different FFT path: equal up to rounding). */
  @Test
  void identityPriorIsTheDataStepAtZeroZ() {
    ImageShape shape = new ImageShape(20, 18);
    Random rnd = new Random(2);
    BlurSpectrum s = new BlurSpectrum(Dense.randomKernel(rnd, 5, 5), shape);
    double[] y = Dense.random(rnd, shape.pixels());
    double[] viaStep = new double[shape.pixels()];
    new DeblurDataStep(s).apply(y, new double[shape.pixels()], 0.05, viaStep);
    double[] x = new double[shape.pixels()];
    new TikhonovDeconvolution(s, Prior.IDENTITY).apply(y, 0.05, x);
    assertArrayEquals(viaStep, x, 1e-13);
  }

  /** One observation, many λ: each solve is the same bits as a fresh apply. */
  @Test
  void solvesForManyLambdasReuseTheObservation() {
    ImageShape shape = new ImageShape(16, 16);
    Random rnd = new Random(3);
    BlurSpectrum s = new BlurSpectrum(Dense.randomKernel(rnd, 7, 7), shape);
    double[] y = Dense.random(rnd, shape.pixels());
    TikhonovDeconvolution tuned = new TikhonovDeconvolution(s, Prior.GRADIENT);
    tuned.setObservation(y);
    for (double lambda : new double[] {1e-4, 1e-2, 1}) {
      double[] x = new double[shape.pixels()];
      tuned.solve(lambda, x);
      double[] fresh = new double[shape.pixels()];
      new TikhonovDeconvolution(s, Prior.GRADIENT).apply(y, lambda, fresh);
      assertTrue(Arrays.equals(fresh, x));
    }
  }

  @Test
  void rejectsMisuse() {
    BlurSpectrum s = new BlurSpectrum(BlurKernel.delta(), new ImageShape(3, 3));
    TikhonovDeconvolution t = new TikhonovDeconvolution(s, Prior.IDENTITY);
    assertThrows(IllegalStateException.class, () -> t.solve(1, new double[9]));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.apply(new double[9], 0,
        new double[9]));
    assertTrue(e.getMessage().startsWith("lambda must be positive"), e.getMessage());
    BlurKernel zeroSum = new BlurKernel(1, 3, new double[] {1, 0, -1});
    assertThrows(IllegalArgumentException.class,
        () -> new TikhonovDeconvolution(new BlurSpectrum(zeroSum, new ImageShape(3, 3)), Prior.GRADIENT));
  }
}
