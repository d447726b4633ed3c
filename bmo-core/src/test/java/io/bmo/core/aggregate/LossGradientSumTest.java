package io.bmo.core.aggregate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bmo.core.TestData;
import io.bmo.core.hypergrad.HypergradientMethod;
import io.bmo.core.sparsecoding.SparseCodingMap;
import io.bmo.core.sparsecoding.SparseModel;
import io.bmo.core.problem.Block;
import io.bmo.core.solver.UnrolledObjective;
import io.bmo.core.solver.BmoConfig;
import org.junit.jupiter.api.Test;

/** Merge laws of the per-block aggregator. */
class LossGradientSumTest {
  @Test
  void mergeWithEmptyIsIdentityBitForBit() {
    LossGradientSum a = new LossGradientSum(3, 2).add(1.25, new double[] {0.1, -0.2, 0.3}, new double[] {4, 5}, 7);
    LossGradientSum copy = new LossGradientSum(3, 2).merge(a);
    assertEquals(a, copy);
    assertEquals(a, copy.merge(new LossGradientSum(3, 2)));
    assertEquals(a, new LossGradientSum(3, 2).merge(a));
  }

  @Test
  void mergeOfSplitEqualsWholeForRealBlocks() {
    int m = 8;
    int n = 16;
    double[] a = TestData.dictionary(m, n, 3);
    UnrolledObjective obj = new UnrolledObjective(new SparseCodingMap(SparseModel.ISTA_LAYERWISE, a, m, n, 3),
        BmoConfig.plain(3), new HypergradientMethod.Reverse());
    obj.bind(((SparseCodingMap) obj.map()).initialOmega(0.05, 0.5));
    double[][] b1 = TestData.pairs(a, m, n, 4, 0.3, 10);
    double[][] b2 = TestData.pairs(a, m, n, 6, 0.3, 11);
    LossGradientSum whole = obj.newSum();
    obj.add(new Block(b1[0], b1[1], 4), whole, true);
    obj.add(new Block(b2[0], b2[1], 6), whole, true);
    LossGradientSum left = obj.newSum();
    obj.add(new Block(b1[0], b1[1], 4), left, true);
    LossGradientSum right = obj.newSum();
    obj.add(new Block(b2[0], b2[1], 6), right, true);
    LossGradientSum merged = left.merge(right);
    // Same additions in the same order: bit-identical.
    assertEquals(whole, merged);
    assertEquals(10, merged.count());
    assertArrayEquals(whole.gradient(), merged.gradient(), 0.0);
  }

  @Test
  void mergeRejectsShapeMismatch() {
    assertThrows(IllegalArgumentException.class, () -> new LossGradientSum(2, 1).merge(new LossGradientSum(3, 1)));
  }
}
