package io.bmo.core.deconv;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.core.imaging.ImageShape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The package promises results that depend only on the inputs' bits: same bits on repeats and on any thread. */
class DeconvDeterminismTest {
  private static final int THREADS = 4;
  private static final int REPEATS = 3;

  /** Data step, its VJP, blur, adjoint and the Tikhonov baseline, concatenated. */
  private static double[] everything(BlurSpectrum s, double[] y, double[] z, double[] g) {
    int n = y.length;
    double[] out = new double[6 * n + 1];
    double[] buf = new double[n];
    DeblurDataStep step = new DeblurDataStep(s);
    for (int r = 0; r < REPEATS; r++) { // repeated calls on one instance: the last one is kept
      step.apply(y, z, 0.3, buf);
    }
    System.arraycopy(buf, 0, out, 0, n);
    double[] gy = new double[n];
    double[] gz = new double[n];
    out[6 * n] = step.vjp(z, buf, 0.3, g, gy, gz);
    System.arraycopy(gy, 0, out, n, n);
    System.arraycopy(gz, 0, out, 2 * n, n);
    CircularBlur blur = new CircularBlur(s);
    blur.apply(y, buf);
    System.arraycopy(buf, 0, out, 3 * n, n);
    blur.adjoint(y, buf);
    System.arraycopy(buf, 0, out, 4 * n, n);
    new TikhonovDeconvolution(s, TikhonovDeconvolution.Prior.GRADIENT).apply(y, 0.01, buf);
    System.arraycopy(buf, 0, out, 5 * n, n);
    return out;
  }

  /** A power-of-two shape (split radix) and one needing mixed radix and Bluestein (211 is prime). */
  @Test
  void bitIdenticalAcrossRepeatsAndThreads() throws Exception {
    for (ImageShape shape : new ImageShape[] {new ImageShape(64, 64), new ImageShape(30, 211)}) {
      Random rnd = new Random(shape.pixels());
      BlurSpectrum s = new BlurSpectrum(Dense.randomKernel(rnd, 9, 7), shape);
      double[] y = Dense.random(rnd, shape.pixels());
      double[] z = Dense.random(rnd, shape.pixels());
      double[] g = Dense.random(rnd, shape.pixels());
      double[] reference = everything(s, y, z, g);
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      try {
        List<Future<double[]>> runs = new ArrayList<>();
        for (int t = 0; t < 2 * THREADS; t++) {
          runs.add(pool.submit(() -> everything(s, y, z, g))); // one shared spectrum, workspaces per call
        }
        for (Future<double[]> f : runs) {
          assertTrue(Arrays.equals(reference, f.get()), "results must be bit-identical on every thread, " + shape);
        }
      } finally {
        pool.shutdownNow();
      }
      BlurSpectrum again = new BlurSpectrum(s.kernel(), shape);
      assertTrue(Arrays.equals(reference, everything(again, y, z, g)), "a recomputed spectrum gives the same bits");
    }
  }
}
