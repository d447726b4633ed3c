package io.bmo.core.sparsecoding;

import io.bmo.core.operator.BitMask;
import java.util.Arrays;

/**
 * The element passes of {@link SparseCodingMap} with support selection ({@link SupportSelection}): the soft
 * threshold S_θ of {@link SoftThresholdKernels}, except that the entries of each column's {@code count} largest |z|
 * (ties towards the smaller index) with |z| > θ pass as z. Allocates nothing: the caller owns every workspace.
 *
 * <p>The forward step takes three sweeps over the n×B block (z and r; per column a quickselect of the count-th
 * largest |z| in O(n) expected time and the pass mask; the output), against one for the plain threshold — small next
 * to the n×n×B DGEMM before it. The adjoint is the plain one with θ̄ skipping passed entries (∂η/∂θ = 0 there);
 * z̄ = v ⊙ 1[|z| > θ] is unchanged because passed entries are a subset of the support with ∂η/∂z = 1.
 */
final class SelectedThresholdKernels {
  private SelectedThresholdKernels() {}

  /**
   * One relaxed step with selection, {@code out = a·u + ct·η(z) + cx·x}, z = u − s·(q − d), recording into
   * {@code rec} when it is non-null (support, sign, residual on the support, passed entries).
   *
   * @param q M·u (n×B) on entry; holds z on return. Modified.
   * @param out result (n×B). Modified.
   * @param scratch n×B workspace (r, then the compacted residual). Modified.
   * @param mag n-entry workspace. Modified.
   * @param passed bit mask of at least n·B bits, overwritten with the passed entries (rec.passed when recording).
   */
  static void forward(int n, int cols, int count, double[] u, double[] q, double[] d, double s, double th,
      double a, double cx, double[] x, double ct, double[] out, SoftThresholdRecord rec, double[] scratch,
      double[] mag, long[] passed) {
    int size = n * cols;
    for (int i = 0; i < size; i++) {
      double r = q[i] - d[i];
      scratch[i] = r;
      q[i] = u[i] - s * r;
    }
    Arrays.fill(passed, 0, BitMask.words(size), 0L);
    for (int j = 0; j < cols; j++) {
      selectColumn(q, j * n, n, count, th, mag, passed);
    }
    boolean plain = a == 0.0 && cx == 0.0 && ct == 1.0;
    boolean withX = cx != 0.0;
    boolean clamp = th >= 0.0;
    double lo = -th;
    long[] act = rec == null ? null : rec.active;
    long[] neg = rec == null ? null : rec.negative;
    int c = 0;
    for (int w0 = 0, wi = 0; w0 < size; w0 += 64, wi++) {
      int end = Math.min(size, w0 + 64);
      long passWord = passed[wi];
      long actWord = 0L;
      long negWord = 0L;
      for (int i = w0; i < end; i++) {
        double z = q[i];
        double az = Math.abs(z);
        long on = Double.doubleToRawLongBits(th - az) >>> 63;
        long sg = Double.doubleToRawLongBits(z) >>> 63;
        actWord |= on << (i - w0);
        negWord |= (sg & on) << (i - w0);
        scratch[c] = scratch[i];
        c += (int) on;
        double v;
        if (((passWord >>> (i - w0)) & 1L) != 0L) {
          v = z;
        } else {
          v = clamp ? z - Math.max(lo, Math.min(th, z)) : Math.copySign(Math.max(az - th, 0.0), z);
        }
        double y = v;
        if (!plain) {
          y = a * u[i] + ct * v;
          if (withX) {
            y += cx * x[i];
          }
        }
        out[i] = y;
      }
      if (rec != null) {
        act[wi] = actWord;
        neg[wi] = negWord;
      }
    }
    if (rec != null) {
      rec.keepResidual(scratch, c);
    }
  }

  /**
   * Marks in {@code passed} the entries of z[off..off+n) among the {@code count} largest |z| (ties at the
   * count-th magnitude towards the smaller index) that also satisfy |z| > θ. NaN entries are never selected.
   */
  static void selectColumn(double[] z, int off, int n, int count, double th, double[] mag, long[] passed) {
    if (count <= 0) {
      return;
    }
    for (int i = 0; i < n; i++) {
      double az = Math.abs(z[off + i]);
      mag[i] = az == az ? az : -1.0;
    }
    double t = count >= n ? Double.NEGATIVE_INFINITY : kthLargest(mag, n, count);
    int greater = 0;
    for (int i = 0; i < n; i++) {
      if (Math.abs(z[off + i]) > t) {
        greater++;
      }
    }
    int ties = count - greater;
    for (int i = 0; i < n; i++) {
      double az = Math.abs(z[off + i]);
      boolean sel = az > t;
      if (!sel && az == t && ties > 0) {
        sel = true;
        ties--;
      }
      if (sel && (Double.doubleToRawLongBits(th - az) >>> 63) != 0L) {
        int k = off + i;
        passed[k >>> 6] |= 1L << k;
      }
    }
  }

  /**
   * The k-th largest of {@code v[0..n)} (1 ≤ k ≤ n) by quickselect (Hoare partition, middle pivot). The value is
   * unique whatever the pivots, so the result does not depend on the algorithm. {@code v} is permuted. Modified.
   */
  static double kthLargest(double[] v, int n, int k) {
    int target = k - 1;
    int lo = 0;
    int hi = n - 1;
    while (lo < hi) {
      double pivot = v[(lo + hi) >>> 1];
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (v[i] > pivot) {
          i++;
        }
        while (v[j] < pivot) {
          j--;
        }
        if (i <= j) {
          double tmp = v[i];
          v[i] = v[j];
          v[j] = tmp;
          i++;
          j--;
        }
      }
      if (target <= j) {
        hi = j;
      } else if (target >= i) {
        lo = i;
      } else {
        return v[target];
      }
    }
    return v[target];
  }

  /**
   * The adjoint element pass at a recorded point with selection, with g = ct·v: {@code zbar = g ⊙ 1[|z| > θ]},
   * {@code outU = a·v + zbar}, {@code sums[0] += θ̄ = −Σ_{not passed} sign(z)·zbar},
   * {@code sums[1] += s̄ = −Σ r·zbar}.
   *
   * @param zbar result (n×B). Modified.
   * @param outU result (n×B), or null. Modified.
   * @param sums {θ̄, s̄}. Added into.
   */
  static void adjoint(int size, SoftThresholdRecord rec, double[] v, double a, double ct, double[] zbar,
      double[] outU, double[] sums) {
    long[] act = rec.active;
    long[] neg = rec.negative;
    long[] pass = rec.passed;
    double[] res = rec.residual;
    boolean withU = outU != null;
    boolean withA = a != 0.0;
    double thetaBar = 0.0;
    double stepBar = 0.0;
    int c = 0;
    for (int w0 = 0, wi = 0; w0 < size; w0 += 64, wi++) {
      int end = Math.min(size, w0 + 64);
      long actWord = act[wi];
      long posWord = ~neg[wi];
      long keepWord = ~pass[wi];
      for (int i = w0; i < end; i++) {
        int bit = i - w0;
        long on = (actWord >>> bit) & 1L;
        double vi = v[i];
        double g = ct * vi;
        double zb = Double.longBitsToDouble(Double.doubleToRawLongBits(g) & -on);
        zbar[i] = zb;
        if (withU) {
          outU[i] = withA ? a * vi + zb : zb;
        }
        long keep = -((keepWord >>> bit) & 1L);
        long tb = (Double.doubleToRawLongBits(zb) ^ (((posWord >>> bit) & 1L) << 63)) & keep;
        thetaBar += Double.longBitsToDouble(tb);
        stepBar -= res[c] * zb;
        c += (int) on;
      }
    }
    sums[0] += thetaBar;
    sums[1] += stepBar;
  }
}
