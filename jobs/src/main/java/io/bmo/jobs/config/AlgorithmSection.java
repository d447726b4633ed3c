package io.bmo.jobs.config;

import static io.bmo.jobs.config.TrainConfig.lng;
import static io.bmo.jobs.config.TrainConfig.nonNegInt;
import static io.bmo.jobs.config.TrainConfig.num;
import static io.bmo.jobs.config.TrainConfig.posInt;
import static io.bmo.jobs.config.TrainConfig.require;
import static io.bmo.jobs.config.TrainConfig.str;
import static io.bmo.jobs.config.TrainConfig.wrap;

import com.typesafe.config.Config;
import io.bmo.core.algorithms.JointGradient;
import io.bmo.core.algorithms.MaidConfig;
import io.bmo.core.algorithms.MuSchedule;
import io.bmo.core.algorithms.PowerSchedule;
import io.bmo.core.algorithms.StepRule;
import java.io.Serializable;
import java.util.Locale;

/**
 * The {@code algorithm} section, validated (errors name the key). Only the chosen algorithm's sub-section is
 * validated; the others keep their defaults.
 *
 * @param kind {@code algorithm.type}
 * @param lineageEvery {@code algorithm.lineage-checkpoint-every} (0 = never)
 * @param isgd ISGD settings (kind ISGD only, else null)
 * @param maid MAID settings and bound constants (kind MAID only, else null)
 * @param joint joint-mode settings (kind JOINT only, else null)
 * @serial exclude
 */
public record AlgorithmSection(Kind kind, int lineageEvery, Isgd isgd, Maid maid, Joint joint)
    implements Serializable {
  /** Value of {@code algorithm.type}. */
  public enum Kind {
    /** Algorithm 1 (unrolled or implicit hypergradients). */
    BMO,
    /** Inexact stochastic hypergradient descent. */
    ISGD,
    /** Method of adaptive inexact descent (deterministic, line search). */
    MAID,
    /** Joint (HODL-style) mode: iterates carried across outer steps. */
    JOINT;

    /** {@return the config value: the name in lower case} */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * ε_k, δ_k schedules and the step rule.
   *
   * @param lowerTolerance ε_k, the lower-level tolerance schedule
   * @param cgTolerance δ_k, the adjoint CG tolerance schedule
   * @param step the step rule
   * @serial exclude
   */
  public record Isgd(PowerSchedule lowerTolerance, PowerSchedule cgTolerance, StepRule step)
      implements Serializable {}

  /**
   * MAID settings and the constants of its error bound ({@code algorithm.maid.bound}; user estimates for imaging).
   *
   * @param config the line search, tolerances and stopping rule
   * @param mu strong convexity of the lower level (&gt; 0)
   * @param lossLipschitz Lipschitz constant of ∇ of the upper loss; 0 means 1/pixels
   * @param hessianLipschitz Lipschitz constant of the lower-level Hessian
   * @param mixedLipschitz Lipschitz constant in x of ∂(∇ₓE)/∂θ
   * @param mixedNorm bound on ‖∂(∇ₓE)/∂θ‖
   * @serial exclude
   */
  public record Maid(MaidConfig config, double mu, double lossLipschitz, double hessianLipschitz,
      double mixedLipschitz, double mixedNorm) implements Serializable {}

  /**
   * J, the μ_t schedule and how the carried iterate enters the ω-gradient.
   *
   * @param innerSteps J, lower-level steps per outer step
   * @param mu the μ_t schedule
   * @param gradient how the carried iterate enters the ω-gradient
   * @serial exclude
   */
  public record Joint(int innerSteps, MuSchedule mu, JointGradient gradient) implements Serializable {}

  /**
   * The default: Algorithm 1.
   *
   * @return a section of kind BMO and no other settings
   */
  public static AlgorithmSection bmo() {
    return new AlgorithmSection(Kind.BMO, 0, null, null, null);
  }

  /** {@return whether the algorithm keeps state across steps (every kind but BMO)} */
  public boolean stateful() {
    return kind != Kind.BMO;
  }

  /** Whether the family supports the algorithm is checked when its run is built. */
  static AlgorithmSection from(Config c, TrainConfig.Opt opt) {
    String t = str(c, "algorithm.type").toLowerCase(Locale.ROOT);
    Kind kind = switch (t) {
      case "bmo" -> Kind.BMO;
      case "isgd" -> Kind.ISGD;
      case "maid" -> Kind.MAID;
      case "joint" -> Kind.JOINT;
      default -> throw new io.bmo.jobs.UserError("algorithm.type: expected bmo, isgd, maid or joint, got '" + t + "'");
    };
    int lineage = nonNegInt(c, "algorithm.lineage-checkpoint-every");
    if (kind == Kind.BMO) {
      return new AlgorithmSection(kind, lineage, null, null, null);
    }
    require(opt.clipNorm() == 0, "optimizer.clip-norm", "must be 0 with algorithm.type = " + t);
    require(opt.lrScale().isEmpty(), "optimizer.lr-scale", "must be {} with algorithm.type = " + t);
    require(opt.cosineSteps() == 0, "optimizer.cosine-steps", "must be 0 with algorithm.type = " + t);
    Isgd isgd = null;
    Maid maid = null;
    Joint joint = null;
    switch (kind) {
      case ISGD -> {
        PowerSchedule eps = wrap("algorithm.isgd.lower-tol", () -> new PowerSchedule(
            num(c, "algorithm.isgd.lower-tol"), num(c, "algorithm.isgd.lower-tol-decay")));
        PowerSchedule delta = wrap("algorithm.isgd.cg-tol", () -> new PowerSchedule(
            num(c, "algorithm.isgd.cg-tol"), num(c, "algorithm.isgd.cg-tol-decay")));
        require(delta.initial() < 1, "algorithm.isgd.cg-tol", "must be < 1, got " + delta.initial());
        String step = str(c, "algorithm.isgd.step").toLowerCase(Locale.ROOT);
        double lr = num(c, "algorithm.isgd.lr");
        double decay = num(c, "algorithm.isgd.lr-decay");
        StepRule rule = switch (step) {
          case "sgd" -> wrap("algorithm.isgd.lr", () -> new StepRule.Sgd(new PowerSchedule(lr, decay)));
          case "adam" -> wrap("algorithm.isgd.lr", () -> new StepRule.Adam(lr, opt.beta1(), opt.beta2(), opt.eps(),
              decay));
          default -> throw new io.bmo.jobs.UserError("algorithm.isgd.step: expected sgd or adam, got '" + step + "'");
        };
        isgd = new Isgd(eps, delta, rule);
      }
      case MAID -> {
        String k = "algorithm.maid.";
        MaidConfig mc = wrap("algorithm.maid", () -> new MaidConfig(num(c, k + "lower-tol"), num(c, k + "cg-tol"),
            num(c, k + "tighten"), num(c, k + "relax"), num(c, k + "eta"), num(c, k + "armijo"), num(c, k + "step"),
            num(c, k + "backtrack"), posInt(c, k + "max-backtracks"), num(c, k + "step-growth"),
            num(c, k + "min-lower-tol"), num(c, k + "min-cg-tol"), posInt(c, k + "max-rejections"), 0.0));
        double gTol = num(c, k + "gradient-tol");
        require(gTol >= 0 && Double.isFinite(gTol), k + "gradient-tol", "must be finite and >= 0, got " + gTol);
        MaidConfig maidConfig = mc.withGradientTolerance(gTol);
        double mu = num(c, k + "bound.mu");
        require(mu > 0, k + "bound.mu", "must be > 0, got " + mu);
        double[] rest = new double[4];
        String[] names = {"loss-lipschitz", "hessian-lipschitz", "mixed-lipschitz", "mixed-norm"};
        for (int i = 0; i < 4; i++) {
          rest[i] = num(c, k + "bound." + names[i]);
          require(rest[i] >= 0, k + "bound." + names[i], "must be >= 0, got " + rest[i]);
        }
        maid = new Maid(maidConfig, mu, rest[0], rest[1], rest[2], rest[3]);
      }
      case JOINT -> {
        int j = posInt(c, "algorithm.joint.inner-steps");
        MuSchedule mu = wrap("algorithm.joint.mu", () -> new MuSchedule(num(c, "algorithm.joint.mu"),
            num(c, "algorithm.joint.mu-decay"), lng(c, "algorithm.joint.mu-zero-from")));
        String g = str(c, "algorithm.joint.gradient");
        JointGradient jg = switch (g) {
          case "carried-adjoint" -> JointGradient.CARRIED_ADJOINT;
          case "truncated" -> JointGradient.TRUNCATED;
          default -> throw new io.bmo.jobs.UserError("algorithm.joint.gradient: expected carried-adjoint or truncated,"
              + " got '" + g + "'");
        };
        joint = new Joint(j, mu, jg);
      }
      default -> throw new IllegalStateException(kind.toString());
    }
    return new AlgorithmSection(kind, lineage, isgd, maid, joint);
  }
}
