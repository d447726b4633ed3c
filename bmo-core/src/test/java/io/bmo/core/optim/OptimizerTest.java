package io.bmo.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Transforms against their formulas; state round trip; projection. */
class OptimizerTest {
  @Test
  void sgdWithDecayFollowsTheSchedule() {
    Optimizer opt = new Optimizer(List.of(Transforms.sgd(0.5, 0.5)), ParamConstraint.NONE);
    double[] w = {1.0};
    OptState st = new OptState();
    opt.step(w, new double[] {2.0}, st);
    opt.step(w, new double[] {2.0}, st);
    // α_k = 0.5 (k+1)^(-1/2): 1 − 0.5·2 − 0.5/√2·2
    assertEquals(1.0 - 1.0 - 1.0 / Math.sqrt(2), w[0], 1e-15);
    assertEquals(2, st.step());
  }

  @Test
  void clipScalesToTheNormAndClampProjects() {
    Optimizer opt = new Optimizer(List.of(Transforms.clipByNorm(1.0), Transforms.sgd(1.0, 0)),
        ParamConstraint.clamp(0, 1, 0.0, 10.0));
    double[] w = {0.5, 0.5};
    opt.step(w, new double[] {3.0, -4.0}, new OptState());
    // clipped gradient (0.6, −0.8); w − g = (−0.1, 1.3); first coordinate clamped to 0
    assertArrayEquals(new double[] {0.0, 1.3}, w, 1e-15);
  }

  @Test
  void adamStateCopyResumesBitIdentically() {
    Optimizer opt = new Optimizer(List.of(Transforms.adam(0.1, 0.9, 0.999, 1e-8, 0)), ParamConstraint.NONE);
    double[] a = {1.0, -2.0};
    OptState sa = new OptState();
    double[][] grads = {{0.3, -0.1}, {0.2, 0.4}, {-0.5, 0.1}, {0.05, 0.05}};
    double[] b = null;
    OptState sb = null;
    for (int t = 0; t < grads.length; t++) {
      opt.step(a, grads[t], sa);
      if (t == 1) {
        b = a.clone();
        sb = new OptState();
        for (var e : sa.copy().arrays().entrySet()) {
          sb.put(e.getKey(), e.getValue());
        }
        sb.setStep(sa.step());
      }
    }
    for (int t = 2; t < grads.length; t++) {
      opt.step(b, grads[t], sb);
    }
    assertArrayEquals(a, b, 0.0);
    // first Adam step moves each coordinate by lr·sign(g) (bias-corrected m̂/√v̂ = ±1 up to ε)
    double[] w = {0.0};
    opt.step(w, new double[] {7.0}, new OptState());
    assertEquals(-0.1, w[0], 1e-9);
  }

  /**
   * Every transform owns its state: a lone Adam keeps its arrays under {@code adam.m} / {@code adam.v} (the names
   * checkpoints have always used), and a second Adam in the same chain gets {@code adam#2.*} — its moments are those
   * of the first Adam's output, computed independently here.
   */
  @Test
  void twoAdamsInOneChainKeepSeparateMoments() {
    double lr = 0.1;
    double b1 = 0.9;
    double b2 = 0.999;
    double eps = 1e-8;
    Optimizer single = new Optimizer(List.of(Transforms.adam(lr, b1, b2, eps, 0)), null);
    OptState s1 = new OptState();
    single.step(new double[] {1, 2}, new double[] {0.5, -1}, s1);
    assertEquals(java.util.Set.of("adam.m", "adam.v"), s1.arrays().keySet());

    Optimizer chain = new Optimizer(List.of(Transforms.adam(lr, b1, b2, eps, 0), Transforms.adam(1.0, b1, b2, eps, 0)),
        null);
    OptState s2 = new OptState();
    double[] g = {0.5, -1};
    double[] w = {1, 2};
    chain.step(w, g, s2);
    assertEquals(java.util.Set.of("adam.m", "adam.v", "adam#2.m", "adam#2.v"), s2.arrays().keySet());
    // first Adam's output u1 = -lr·sign(g) at step 0 (m̂ = g, v̂ = g²); the second Adam sees u1 as its gradient
    double[] u1 = new double[2];
    for (int i = 0; i < 2; i++) {
      u1[i] = -lr * g[i] / (Math.sqrt(g[i] * g[i]) + eps);
      assertEquals((1 - b1) * g[i], s2.arrays().get("adam.m")[i], 0.0);
      assertEquals((1 - b1) * u1[i], s2.arrays().get("adam#2.m")[i], 1e-18);
      assertEquals((1 - b2) * u1[i] * u1[i], s2.arrays().get("adam#2.v")[i], 1e-18);
    }
  }
}
