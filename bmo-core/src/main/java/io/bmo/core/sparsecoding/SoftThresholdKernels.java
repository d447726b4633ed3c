package io.bmo.core.sparsecoding;

import io.bmo.core.simd.Simd;

/**
 * The element passes of {@link SparseCodingMap}, each a single fused sweep over an n×B block that allocates nothing.
 * The DGEMMs around them (q = Mu before {@link #forward}, Mᵀz̄ after {@link #adjoint}) are the caller's.
 *
 * <p>Soft threshold: S_θ(z) = sign(z)·max(|z| − θ, 0), computed as {@code z − max(−θ, min(θ, z))} when θ ≥ 0 (it
 * vectorises) and as {@code copySign(max(|z| − θ, 0), z)} otherwise; the support is {@code θ − |z| < 0}, read from
 * the sign bit so that the recording pass has no data-dependent branches (the support is close to half the entries
 * on typical blocks, which would defeat branch prediction). θ must not be −0.0 (callers normalise it with
 * {@code θ + 0.0}). Packing the bits of a plain step, and the adjoint's masked pass when the residual was not kept,
 * run on the JDK's vector API when this JVM has it ({@link io.bmo.core.simd.Simd#AVAILABLE}), with the same bits as
 * the scalar loops here.
 */
final class SoftThresholdKernels {
  private SoftThresholdKernels() {}

  /**
   * One relaxed step without recording: {@code out = a·u + ct·S_θ(u − s·(q − d)) + cx·x}. With θ ≥ 0 the threshold
   * is computed as {@code z − max(−θ, min(θ, z))} (bit-identical to the definition except for the sign of zero
   * results) so that the loop vectorises; terms are skipped, not multiplied by zero, in the plain case
   * {@code a = cx = 0, ct = 1} (exactly S_θ(z)) and when {@code cx = 0}.
   *
   * @param q M·u (n×B), not modified
   * @param out result. Modified.
   */
  static void forward(int size, double[] u, double[] q, double[] d, double s, double th, double a, double cx,
      double[] x, double ct, double[] out) {
    if (!(th >= 0.0)) {
      forwardAnyTheta(size, u, q, d, s, th, a, cx, x, ct, out);
      return;
    }
    double lo = -th;
    if (a == 0.0 && cx == 0.0 && ct == 1.0) {
      for (int i = 0; i < size; i++) {
        double z = u[i] - s * (q[i] - d[i]);
        out[i] = z - Math.max(lo, Math.min(th, z));
      }
    } else if (cx == 0.0) {
      for (int i = 0; i < size; i++) {
        double ui = u[i];
        double z = ui - s * (q[i] - d[i]);
        out[i] = a * ui + ct * (z - Math.max(lo, Math.min(th, z)));
      }
    } else {
      for (int i = 0; i < size; i++) {
        double ui = u[i];
        double z = ui - s * (q[i] - d[i]);
        out[i] = a * ui + ct * (z - Math.max(lo, Math.min(th, z))) + cx * x[i];
      }
    }
  }

  /** {@link #forward} by the definition, for any θ (also negative or NaN). */
  private static void forwardAnyTheta(int size, double[] u, double[] q, double[] d, double s, double th, double a,
      double cx, double[] x, double ct, double[] out) {
    boolean plain = a == 0.0 && cx == 0.0 && ct == 1.0;
    for (int i = 0; i < size; i++) {
      double ui = u[i];
      double z = ui - s * (q[i] - d[i]);
      double v = Math.copySign(Math.max(Math.abs(z) - th, 0.0), z);
      double y = v;
      if (!plain) {
        y = a * ui + ct * v;
        if (cx != 0.0) {
          y += cx * x[i];
        }
      }
      out[i] = y;
    }
  }

  /**
   * {@link #forward} that also records the support and sign bits into {@code rec} and the residual
   * r = q − d on the support (through {@code scratch}, n×B, then copied compactly).
   *
   * @param keepResidual false lets the plain case (a = cx = 0, ct = 1, θ ≥ 0) record the bits only, for a caller
   *     that gets s̄ another way ({@link SoftThresholdRecord#residualKept} says which happened)
   */
  static void forwardRecorded(int size, double[] u, double[] q, double[] d, double s, double th, double a,
      double cx, double[] x, double ct, double[] out, SoftThresholdRecord rec, double[] scratch,
      boolean keepResidual) {
    boolean plain = a == 0.0 && cx == 0.0 && ct == 1.0;
    boolean withX = cx != 0.0;
    boolean clamp = th >= 0.0;
    if (plain && clamp) {
      if (keepResidual) {
        forwardRecordedPlain(size, u, q, d, s, th, out, rec, scratch);
      } else {
        forward(size, u, q, d, s, th, 0.0, 0.0, null, 1.0, out);
        rec.dropResidual(recordBits(size, out, rec));
      }
      return;
    }
    double lo = -th;
    long[] act = rec.active;
    long[] neg = rec.negative;
    int c = 0;
    for (int w0 = 0, wi = 0; w0 < size; w0 += 64, wi++) {
      int end = Math.min(size, w0 + 64);
      long actWord = 0L;
      long negWord = 0L;
      for (int i = w0; i < end; i++) {
        double ui = u[i];
        double r = q[i] - d[i];
        double z = ui - s * r;
        double az = Math.abs(z);
        long on = Double.doubleToRawLongBits(th - az) >>> 63;
        long sg = Double.doubleToRawLongBits(z) >>> 63;
        actWord |= on << (i - w0);
        negWord |= (sg & on) << (i - w0);
        scratch[c] = r;
        c += (int) on;
        double v = clamp ? z - Math.max(lo, Math.min(th, z)) : Math.copySign(Math.max(az - th, 0.0), z);
        double y = v;
        if (!plain) {
          y = a * ui + ct * v;
          if (withX) {
            y += cx * x[i];
          }
        }
        out[i] = y;
      }
      act[wi] = actWord;
      neg[wi] = negWord;
    }
    rec.keepResidual(scratch, c);
  }

  /**
   * {@link #forwardRecorded} in the plain case (a = cx = 0, ct = 1, θ ≥ 0), with the same results: the threshold
   * and r (dense into {@code scratch}) in one loop that vectorises, the bits read from the output
   * ({@link #recordBits}), then r compacted along the set bits.
   */
  private static void forwardRecordedPlain(int size, double[] u, double[] q, double[] d, double s, double th,
      double[] out, SoftThresholdRecord rec, double[] scratch) {
    double lo = -th;
    for (int i = 0; i < size; i++) {
      double r = q[i] - d[i];
      double z = u[i] - s * r;
      scratch[i] = r;
      out[i] = z - Math.max(lo, Math.min(th, z));
    }
    int count = recordBits(size, out, rec);
    long[] act = rec.active;
    int c = 0;
    for (int wi = 0; c < count; wi++) {
      for (long word = act[wi]; word != 0; word &= word - 1) {
        scratch[c++] = scratch[(wi << 6) + Long.numberOfTrailingZeros(word)];
      }
    }
    rec.keepResidual(scratch, c);
  }

  /**
   * The support and sign bits of a plain step from its output alone, whose non-zeros are exactly the support
   * {@code |z| > θ} (for doubles, z − θ = 0 only when z = θ) with the sign of z; returns the support's size.
   */
  private static int recordBits(int size, double[] out, SoftThresholdRecord rec) {
    return recordBits(size, out, rec.active, rec.negative, Simd.ready());
  }

  /**
   * {@link #recordBits} into {@code act} and {@code neg}: with {@code vector}, the whole words on
   * {@link io.bmo.core.simd.VectorBitKernels#recordWords}, then the rest one entry at a time.
   */
  static int recordBits(int size, double[] out, long[] act, long[] neg, boolean vector) {
    int from = vector ? size & ~63 : 0;
    int count = from > 0 ? io.bmo.core.simd.VectorBitKernels.recordWords(from >>> 6, out, act, neg) : 0;
    for (int w0 = from, wi = from >>> 6; w0 < size; w0 += 64, wi++) {
      int end = Math.min(size, w0 + 64);
      long actWord = 0L;
      long negWord = 0L;
      for (int i = w0; i < end; i++) {
        long bits = Double.doubleToRawLongBits(out[i]);
        long mag = bits << 1;
        long on = (mag | -mag) >>> 63;
        actWord |= on << (i - w0);
        negWord |= ((bits >>> 63) & on) << (i - w0);
      }
      act[wi] = actWord;
      neg[wi] = negWord;
      count += Long.bitCount(actWord);
    }
    return count;
  }

  /**
   * The element pass of the adjoint of a relaxed step at the recorded point, with g = ct·v:
   * {@code zbar = g ⊙ 1[|z| > θ]}, {@code outU = a·v + zbar} (the caller then adds −s·Mᵀzbar),
   * {@code sums[0] += θ̄ = −Σ sign(z)·zbar}, {@code sums[1] += s̄ = −Σ r·zbar}.
   *
   * @param a coefficient of v in outU; 0 skips the term
   * @param zbar result (n×B). Modified.
   * @param outU result (n×B), or null to skip it. Modified.
   * @param sums {θ̄, s̄}. Added into.
   */
  static void adjoint(int size, SoftThresholdRecord rec, double[] v, double a, double ct, double[] zbar,
      double[] outU, double[] sums) {
    if (!rec.residualKept) {
      adjointWithoutStep(size, rec, v, a, ct, zbar, outU, sums);
      return;
    }
    long[] act = rec.active;
    long[] neg = rec.negative;
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
      for (int i = w0; i < end; i++) {
        thetaBar += maskedTheta(i, i - w0, actWord, posWord, v, a, ct, zbar, outU, withU, withA);
        stepBar -= res[c] * zbar[i];
        c += (int) ((actWord >>> (i - w0)) & 1L);
      }
    }
    sums[0] += thetaBar;
    sums[1] += stepBar;
  }

  /**
   * {@link #adjoint} for a record without the residual: θ̄ only, {@code sums[1]} untouched (the caller's s̄). θ̄ is
   * summed in four interleaved partial sums (entry i into sum i mod 4 of its 64-entry word, then
   * (t0 + t1) + (t2 + t3)), so the additions do not wait on each other.
   */
  private static void adjointWithoutStep(int size, SoftThresholdRecord rec, double[] v, double a, double ct,
      double[] zbar, double[] outU, double[] sums) {
    adjointWithoutStep(size, rec.active, rec.negative, v, a, ct, zbar, outU, sums, rec.partial, Simd.ready());
  }

  /**
   * {@link #adjointWithoutStep} on bit words: with {@code vector}, the whole groups of 4 on
   * {@link io.bmo.core.simd.VectorBitKernels#adjointGroups}, then the rest one entry at a time.
   *
   * @param partial workspace for the vector pass's four partial sums (4 values). Overwritten when {@code vector}.
   */
  static void adjointWithoutStep(int size, long[] act, long[] neg, double[] v, double a, double ct, double[] zbar,
      double[] outU, double[] sums, double[] partial, boolean vector) {
    int from = 0;
    double t0 = 0.0;
    double t1 = 0.0;
    double t2 = 0.0;
    double t3 = 0.0;
    if (vector) {
      from = size & ~3;
      io.bmo.core.simd.VectorBitKernels.adjointGroups(from >>> 2, act, neg, v, a, ct, zbar, outU, partial);
      t0 = partial[0];
      t1 = partial[1];
      t2 = partial[2];
      t3 = partial[3];
    }
    boolean withU = outU != null;
    boolean withA = a != 0.0;
    for (int w0 = from & ~63, wi = from >>> 6; w0 < size; w0 += 64, wi++) {
      int end = Math.min(size, w0 + 64);
      long actWord = act[wi];
      long posWord = ~neg[wi];
      int i = Math.max(w0, from);
      for (; i + 3 < end; i += 4) {
        int bit = i - w0;
        t0 += maskedTheta(i, bit, actWord, posWord, v, a, ct, zbar, outU, withU, withA);
        t1 += maskedTheta(i + 1, bit + 1, actWord, posWord, v, a, ct, zbar, outU, withU, withA);
        t2 += maskedTheta(i + 2, bit + 2, actWord, posWord, v, a, ct, zbar, outU, withU, withA);
        t3 += maskedTheta(i + 3, bit + 3, actWord, posWord, v, a, ct, zbar, outU, withU, withA);
      }
      for (; i < end; i++) {
        t0 += maskedTheta(i, i - w0, actWord, posWord, v, a, ct, zbar, outU, withU, withA);
      }
    }
    sums[0] += (t0 + t1) + (t2 + t3);
  }

  /** Entry i of the adjoint pass: writes z̄_i (and ū_i), returns its θ̄ term −sign(z_i)·z̄_i. */
  private static double maskedTheta(int i, int bit, long actWord, long posWord, double[] v, double a, double ct,
      double[] zbar, double[] outU, boolean withU, boolean withA) {
    long on = (actWord >>> bit) & 1L;
    double vi = v[i];
    double zb = Double.longBitsToDouble(Double.doubleToRawLongBits(ct * vi) & -on);
    zbar[i] = zb;
    if (withU) {
      outU[i] = withA ? a * vi + zb : zb;
    }
    // −sign(z)·zb: flip the sign bit where z > 0
    return Double.longBitsToDouble(Double.doubleToRawLongBits(zb) ^ (((posWord >>> bit) & 1L) << 63));
  }
}
