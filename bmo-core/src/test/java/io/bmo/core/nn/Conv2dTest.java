package io.bmo.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.stream.Stream;

/** {@link Conv2d} against the naive 7-loop convolution of {@link NaiveConv} and its naive transpose. */
class Conv2dTest {
  /** Sums of at most 3·25 products of O(1) values in a different order: rounding is below 1e-13. */
  private static final double TOL = 1e-12;
  private static final int IMAGES = 2;

  static Stream<Arguments> cases() {
    Stream.Builder<Arguments> b = Stream.builder();
    // channels (3, 2): C_out < C_in (narrow output side); (2, 3): C_in < C_out; (3, 3): equal
    for (int[] io : new int[][] {{3, 2}, {2, 3}, {3, 3}}) {
      for (Padding pad : Padding.values()) {
        for (int k : new int[] {1, 3, 5}) {
          for (int d : new int[] {1, 2}) {
            b.add(Arguments.of(pad, k, d, 7, 6, io[0], io[1]));
          }
        }
        // reach 4 beyond a 3×4 image: whole rows of padding, multiple wraps
        b.add(Arguments.of(pad, 5, 2, 3, 4, io[0], io[1]));
      }
    }
    return b.build();
  }

  @ParameterizedTest(name = "{0} k={1} d={2} {3}x{4} {5}->{6}")
  @MethodSource("cases")
  void forwardAndBackwardMatchNaiveLoops(Padding pad, int k, int d, int h, int w, int in, int out) {
    Random rnd = new Random(31L * k + d + h + 7L * in + out);
    double[] x = gaussian(rnd, in * IMAGES * h * w);
    double[] wt = gaussian(rnd, out * in * k * k);
    double[] bias = gaussian(rnd, out);
    double[] gz = gaussian(rnd, out * IMAGES * h * w);
    double[] zRef = NaiveConv.conv(pad, k, d, h, w, in, out, IMAGES, wt, 0, bias, 0, x);
    // naive transpose: every product W·x of the forward sum sends gz back to both factors
    double[] gxRef = new double[x.length];
    double[] gwRef = new double[wt.length];
    double[] gbRef = new double[out];
    int r = (k - 1) / 2;
    for (int b = 0; b < IMAGES; b++) {
      for (int o = 0; o < out; o++) {
        for (int i = 0; i < h; i++) {
          for (int j = 0; j < w; j++) {
            double g = gz[NaiveConv.at(pad, IMAGES, h, w, o, b, i, j)];
            gbRef[o] += g;
            for (int c = 0; c < in; c++) {
              for (int a = 0; a < k; a++) {
                for (int e = 0; e < k; e++) {
                  int p = NaiveConv.at(pad, IMAGES, h, w, c, b, i + (a - r) * d, j + (e - r) * d);
                  if (p >= 0) {
                    int q = ((o * in + c) * k + a) * k + e;
                    gxRef[p] += wt[q] * g;
                    gwRef[q] += x[p] * g;
                  }
                }
              }
            }
          }
        }
      }
    }
    // tiles: the whole block, one row, and 5 rows (tiles that cross the boundary between the two images)
    for (int tile : new int[] {IMAGES * h, 1, 5}) {
      Conv2d conv = new Conv2d(in, out, k, d, pad, h, w, tile);
      double[] cols = new double[conv.workspaceLength(IMAGES)];
      double[] z = new double[zRef.length];
      conv.forward(wt, 0, bias, 0, x, IMAGES, 1.0, 0.0, false, z, cols);
      assertClose(zRef, z, "forward, tile " + tile);
      // α, β and ReLU: y ← max(−(conv + b) + y, 0) from y = 1
      double[] y = new double[zRef.length];
      java.util.Arrays.fill(y, 1.0);
      conv.forward(wt, 0, bias, 0, x, IMAGES, -1.0, 1.0, true, y, cols);
      for (int p = 0; p < y.length; p++) {
        assertEquals(Math.max(1.0 - zRef[p], 0.0), y[p], TOL, "alpha/beta/relu at " + p);
      }
      double[] gx = new double[x.length];
      double[] gw = new double[wt.length + 3]; // offset 3: the offsets are honoured
      double[] gb = new double[out + 1];
      java.util.Arrays.fill(gx, 7.0); // overwritten, not added to
      conv.backward(wt, 0, x, gz, IMAGES, gw, 3, gb, 1, gx, null, cols);
      assertClose(gxRef, gx, "d/dx, tile " + tile);
      assertClose(gwRef, java.util.Arrays.copyOfRange(gw, 3, gw.length), "d/dW, tile " + tile);
      assertClose(gbRef, java.util.Arrays.copyOfRange(gb, 1, gb.length), "d/dbias, tile " + tile);
      conv.backward(wt, 0, x, gz, IMAGES, gw, 3, gb, 1, null, null, cols);
      assertEquals(2 * gwRef[0], gw[3], TOL, "weight gradient is added to");
      // with a ReLU mask (here x itself): d/dx is zero exactly where the mask is not positive
      conv.backward(wt, 0, x, gz, IMAGES, null, 0, null, 0, gx, x, cols);
      double[] masked = gxRef.clone();
      for (int p = 0; p < masked.length; p++) {
        masked[p] = x[p] > 0 ? masked[p] : 0.0;
      }
      assertClose(masked, gx, "masked d/dx, tile " + tile);
    }
  }

  private static void assertClose(double[] expected, double[] actual, String what) {
    assertEquals(expected.length, actual.length, what);
    double worst = 0;
    for (int i = 0; i < expected.length; i++) {
      worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
    }
    assertTrue(worst <= TOL, what + ": max difference " + worst);
  }

  static double[] gaussian(Random rnd, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = rnd.nextGaussian();
    }
    return v;
  }
}
