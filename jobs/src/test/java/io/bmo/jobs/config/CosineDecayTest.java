package io.bmo.jobs.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.core.optim.OptState;
import io.bmo.core.optim.Optimizer;
import io.bmo.core.optim.Transforms;
import io.bmo.jobs.UserError;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code optimizer.cosine-steps}: the update of step k is the undecayed optimizer's update times
 * c_k = α + (1 − α)·½(1 + cos(π·min(k, T)/T)), bit for bit (Adam's moments see the same gradients); c_k against
 * its closed-form points; bad values rejected with one line naming the key.
 */
class CosineDecayTest {
  @Test
  void theUpdateIsTheUndecayedUpdateTimesTheFactor() {
    long t = 6;
    double alpha = 0.1;
    Optimizer plain = new TrainConfig.Opt("adam", 1e-3, 0.0, 0.9, 0.999, 1e-8, 0.0, 0.01, 1.99).build(null);
    Optimizer cos = new TrainConfig.Opt("adam", 1e-3, 0.0, 0.9, 0.999, 1e-8, 0.0, 0.01, 1.99, Map.of(), t, alpha)
        .build(null);
    OptState sp = new OptState();
    OptState sq = new OptState();
    LearningRateScaleTest.sameGradients(plain, sp, cos, sq, 9, 11, 7, (step, p, q) -> {
      double c = Transforms.cosineFactor(step, t, alpha);
      for (int i = 0; i < p.length; i++) {
        assertEquals(Double.doubleToLongBits(p[i] * c), Double.doubleToLongBits(q[i]), "step " + step);
      }
      assertArrayEquals(sp.array("adam.m", 11), sq.array("adam.m", 11), 0.0);
    });
    // closed-form points: c_0 = 1, c_{T/2} = (1 + α)/2, c_T = α and after
    assertEquals(1.0, Transforms.cosineFactor(0, t, alpha), 0.0);
    assertEquals((1 + alpha) / 2, Transforms.cosineFactor(3, t, alpha), 1e-15);
    assertEquals(alpha, Transforms.cosineFactor(6, t, alpha), 1e-15);
    assertEquals(alpha, Transforms.cosineFactor(60, t, alpha), 1e-15);
    assertEquals(alpha + (1 - alpha) * 0.75, Transforms.cosineFactor(2, t, alpha), 1e-15);
  }

  @Test
  void parsedAndChecked() {
    TrainConfig c = ImagingConfigTest.parse("problem=quadratic", "optimizer.cosine-steps=500",
        "optimizer.cosine-alpha=0.05");
    assertEquals(500, c.optimizer().cosineSteps());
    assertEquals(0.05, c.optimizer().cosineAlpha());
    assertEquals(0, ImagingConfigTest.parse("problem=quadratic").optimizer().cosineSteps());
    for (String bad : new String[] {"optimizer.cosine-steps=-1", "optimizer.cosine-alpha=1.5",
        "optimizer.cosine-alpha=-0.1", "optimizer.cosine-steps=abc"}) {
      UserError u = assertThrows(UserError.class, () -> ImagingConfigTest.parse("problem=quadratic", bad), bad);
      assertTrue(u.getMessage().startsWith(bad.substring(0, bad.indexOf('='))), u.getMessage());
      assertTrue(!u.getMessage().contains("\n"), u.getMessage());
    }
    UserError other = assertThrows(UserError.class, () -> ImagingConfigTest.parse("problem=quadratic",
        "algorithm.type=maid", "optimizer.cosine-steps=5"));
    assertTrue(other.getMessage().startsWith("optimizer.cosine-steps: must be 0 with algorithm.type = maid"),
        other.getMessage());
  }
}
