package io.bmo.core.aggregate;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Running sum of per-example upper-level losses, hypergradients and statistics over a set of examples: the unit
 * that Spark partitions compute and the driver reduces.
 *
 * <p>Invariants: {@code merge} with an empty sum is the identity, bit for bit; {@code a.merge(b)} adds {@code b}'s
 * sums into {@code a} in a fixed order (a shard's blocks are folded this way; shards are reduced with
 * {@link ReproducibleStepSum}, whose bits do not depend on the order). The mean loss and
 * gradient are {@code lossSum / count} and {@code gradSum / count}.
 *
 * <p>{@code stats} are extra sums whose meaning the producing problem defines (e.g. Σ‖u−x‖², Σ‖x‖² for NMSE);
 * they merge by addition like the loss.
 */
public final class LossGradientSum implements Serializable {
  private static final long serialVersionUID = 1L;

  private double lossSum;
  private final double[] gradSum;
  private final double[] stats;
  private long count;

  /**
   * @param dim length of the hypergradient (number of scalar parameters)
   * @param numStats number of extra statistics
   */
  public LossGradientSum(int dim, int numStats) {
    this.gradSum = new double[dim];
    this.stats = new double[numStats];
  }

  /** Adds {@code n} examples whose summed loss is {@code loss}; {@code grad} and {@code stat} are summed too. */
  public LossGradientSum add(double loss, double[] grad, double[] stat, long n) {
    lossSum += loss;
    if (grad != null) {
      for (int i = 0; i < gradSum.length; i++) {
        gradSum[i] += grad[i];
      }
    }
    if (stat != null) {
      for (int i = 0; i < stats.length; i++) {
        stats[i] += stat[i];
      }
    }
    count += n;
    return this;
  }

  /** Adds {@code other} into this sum (this is modified, other is not) and returns this. */
  public LossGradientSum merge(LossGradientSum other) {
    if (other.gradSum.length != gradSum.length || other.stats.length != stats.length) {
      throw new IllegalArgumentException("cannot merge sums of different shapes: gradient "
          + gradSum.length + " vs " + other.gradSum.length + ", stats " + stats.length + " vs " + other.stats.length);
    }
    if (other.count == 0 && other.lossSum == 0.0) {
      return this;
    }
    return add(other.lossSum, other.gradSum, other.stats, other.count);
  }

  /** Direct access to the gradient sum for accumulation by kernels. Modified by callers that add into it. */
  public double[] gradSumBuffer() {
    return gradSum;
  }

  /** Direct access to the statistics sums. Modified by callers that add into it. */
  public double[] statsBuffer() {
    return stats;
  }

  /** Adds to the loss sum and count without touching the gradient (kernels that wrote into the buffer). */
  public void addLossAndCount(double loss, long n) {
    lossSum += loss;
    count += n;
  }

  public long count() {
    return count;
  }

  public double lossSum() {
    return lossSum;
  }

  /** Mean loss over the examples added so far (NaN when empty). */
  public double loss() {
    return lossSum / count;
  }

  /** Mean hypergradient, a fresh array. */
  public double[] gradient() {
    double[] g = gradSum.clone();
    for (int i = 0; i < g.length; i++) {
      g[i] /= count;
    }
    return g;
  }

  /** Copy of the summed statistics. */
  public double[] stats() {
    return stats.clone();
  }

  /** Copy of the summed gradient. */
  public double[] gradientSum() {
    return gradSum.clone();
  }

  public int dim() {
    return gradSum.length;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof LossGradientSum s)) {
      return false;
    }
    return count == s.count && Double.compare(lossSum, s.lossSum) == 0 && Arrays.equals(gradSum, s.gradSum)
        && Arrays.equals(stats, s.stats);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(count) * 31 + Double.hashCode(lossSum) + Arrays.hashCode(gradSum);
  }

  @Override
  public String toString() {
    return "LossGradientSum[count=" + count + ", lossSum=" + lossSum + ", dim=" + gradSum.length + "]";
  }
}
