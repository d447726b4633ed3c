package io.bmo.core.deconv;

import io.bmo.core.imaging.ImageShape;
import org.jtransforms.fft.DoubleFFT_1D;
import pl.edu.icm.jlargearrays.ConcurrencyUtils;

/**
 * The 2-D discrete Fourier transform of an {@code H × W} complex image, row-major and interleaved:
 * {@code c[2p]} is the real and {@code c[2p + 1]} the imaginary part of pixel {@code p = i·W + j}.
 * <pre>
 *   forward:  C(u, v) = Σ_{i,j} c(i, j) · exp(−2πi (u i / H + v j / W))
 *   inverse:  c(i, j) = (1 / (H W)) Σ_{u,v} C(u, v) · exp(+2πi (u i / H + v j / W))
 * </pre>
 * computed in place as 1-D transforms of every row, then of every column (gathered into a column workspace).
 *
 * <p><b>Why JTransforms.</b> A maintained pure-Java FFT for every length (split-radix for powers of two,
 * mixed-radix for 2·3·5 factors, Bluestein otherwise), deterministic on every JVM (it uses commons-math3's
 * {@code FastMath}, pure Java). It can split large transforms over a thread pool; this class forces its JVM-wide
 * thread count to 1 (class initialisation, and again before every transform if anything changed it) so a transform's
 * arithmetic never depends on scheduling: results are bit-identical across calls and threads.
 *
 * <p>Not thread-safe: one instance per thread (it owns the plans and a column workspace). This class allocates
 * nothing per call; JTransforms itself allocates a scratch array of 2·n doubles per 1-D transform when n is not a
 * power of two (none for powers of two).
 */
public final class Fft2 {
  static {
    ConcurrencyUtils.setNumberOfThreads(1);
  }

  private final ImageShape shape;
  private final DoubleFFT_1D rowPlan;
  private final DoubleFFT_1D colPlan;
  private final double[] column;

  public Fft2(ImageShape shape) {
    this.shape = shape;
    this.rowPlan = new DoubleFFT_1D(shape.width());
    this.colPlan = shape.height() == shape.width() ? rowPlan : new DoubleFFT_1D(shape.height());
    this.column = new double[2 * shape.height()];
  }

  public ImageShape shape() {
    return shape;
  }

  /** Forward transform of {@code c} (length {@code 2·H·W}), in place. */
  public void forward(double[] c) {
    transform(c, true);
  }

  /** Inverse transform of {@code c} (length {@code 2·H·W}), in place, including the {@code 1/(H W)} factor. */
  public void inverse(double[] c) {
    transform(c, false);
  }

  /** Writes the real image {@code x} into the interleaved complex buffer {@code c} (imaginary parts 0). */
  public static void loadReal(double[] x, double[] c) {
    for (int p = 0; p < x.length; p++) {
      c[2 * p] = x[p];
      c[2 * p + 1] = 0;
    }
  }

  /** Writes {@code a + i·b} into the interleaved complex buffer {@code c}. */
  public static void loadPair(double[] a, double[] b, double[] c) {
    for (int p = 0; p < a.length; p++) {
      c[2 * p] = a[p];
      c[2 * p + 1] = b[p];
    }
  }

  /** Row of frequency −u modulo {@code n}. */
  static int mirror(int u, int n) {
    return u == 0 ? 0 : n - u;
  }

  private void transform(double[] c, boolean forward) {
    int h = shape.height();
    int w = shape.width();
    if (c.length != 2 * h * w) {
      throw new IllegalArgumentException("a " + shape + " complex image needs " + 2 * h * w + " doubles, got "
          + c.length);
    }
    if (ConcurrencyUtils.getNumberOfThreads() != 1) {
      ConcurrencyUtils.setNumberOfThreads(1);
    }
    for (int i = 0; i < h; i++) {
      if (forward) {
        rowPlan.complexForward(c, 2 * i * w);
      } else {
        rowPlan.complexInverse(c, 2 * i * w, true);
      }
    }
    if (h == 1) {
      return;
    }
    for (int j = 0; j < w; j++) {
      for (int i = 0; i < h; i++) {
        column[2 * i] = c[2 * (i * w + j)];
        column[2 * i + 1] = c[2 * (i * w + j) + 1];
      }
      if (forward) {
        colPlan.complexForward(column, 0);
      } else {
        colPlan.complexInverse(column, 0, true);
      }
      for (int i = 0; i < h; i++) {
        c[2 * (i * w + j)] = column[2 * i];
        c[2 * (i * w + j) + 1] = column[2 * i + 1];
      }
    }
  }
}
