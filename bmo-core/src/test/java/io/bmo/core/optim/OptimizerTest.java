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
}
