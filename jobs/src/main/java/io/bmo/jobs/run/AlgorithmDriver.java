package io.bmo.jobs.run;

import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.algorithms.Cost;
import io.bmo.core.algorithms.InexactProblem;
import io.bmo.core.algorithms.InexactWork;
import io.bmo.core.algorithms.IsgdConfig;
import io.bmo.core.algorithms.IsgdRunner;
import io.bmo.core.algorithms.IsgdStep;
import io.bmo.core.algorithms.JointConfig;
import io.bmo.core.algorithms.JointGradient;
import io.bmo.core.algorithms.JointRunner;
import io.bmo.core.algorithms.JointStep;
import io.bmo.core.algorithms.JointWork;
import io.bmo.core.algorithms.MaidEvent;
import io.bmo.core.algorithms.MaidRunner;
import io.bmo.core.algorithms.MaidStep;
import io.bmo.core.algorithms.OuterRunner;
import io.bmo.core.algorithms.ShardWork;
import io.bmo.core.algorithms.StateBackend;
import io.bmo.core.algorithms.StepRule;
import io.bmo.core.family.FamilyConfigException;
import io.bmo.core.family.FamilyRun;
import io.bmo.core.algorithms.WorkArgs;
import io.bmo.core.optim.OptState;
import io.bmo.core.train.ShardPlan;
import io.bmo.jobs.UserError;
import io.bmo.jobs.config.AlgorithmSection;
import io.bmo.jobs.config.TrainConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The driver side of one stateful algorithm inside {@code train}: wraps {@link IsgdRunner}, {@link MaidRunner} or
 * {@link JointRunner} on a {@link StateBackend} and turns each step into the run's common per-step fields. The run
 * state besides the shard states is θ plus an {@link OptState}: the optimizer's arrays, {@code cost} = [lower,
 * adjoint] cumulative iterations and, for MAID, {@code maid} = [ε, δ, α].
 */
abstract class AlgorithmDriver {
  /** What one outer step did, at θ_k (before its update). */
  record StepResult(double loss, double gradNorm, long examples, Cost cost, double lowerTol, double cgTol,
      double stepSize, double accepted, double rejections, double notConverged, double mu, double trainPsnr,
      boolean stalled, boolean converged, double carriedChange) {}

  /** The shard work of the configured algorithm and problem, built with the run's setup. */
  static ShardWork work(TrainConfig cfg, FamilySetup setup) {
    return ((FamilySetup) setup).algorithmWork();
  }

  /** The driver of the configured algorithm on {@code backend}. */
  static AlgorithmDriver create(TrainConfig cfg, FamilySetup setup, ShardWork work, StateBackend backend) {
    AlgorithmSection a = cfg.algorithm();
    ShardPlan plan = backend.plan();
    int batch = cfg.train().batchSize() == 0 ? Math.toIntExact(plan.examples()) : cfg.train().batchSize();
    return switch (a.kind()) {
      case ISGD -> new Isgd(new IsgdRunner(((InexactWork) work).problem(), new IsgdConfig(a.isgd().lowerTolerance(),
          a.isgd().cgTolerance(), a.isgd().step(), batch, cfg.train().seed()), backend),
          a.isgd().step());
      case MAID -> new Maid(new MaidRunner(((InexactWork) work).problem(), a.maid().config(), backend));
      case JOINT -> {
        TrainConfig.Opt o = cfg.optimizer();
        StepRule rule = o.type().equals("adam") ? new StepRule.Adam(o.lr(), o.beta1(), o.beta2(), o.eps(), o.decay())
            : new StepRule.Sgd(new io.bmo.core.algorithms.PowerSchedule(o.lr(), o.decay()));
        JointConfig jc = TrainConfig.wrapStatic("algorithm.joint", () -> new JointConfig(a.joint().innerSteps(),
            a.joint().mu(), cfg.unrolled().beta(), cfg.unrolled().alpha(), cfg.unrolled().projection(), rule,
            cfg.train().batchSize(), cfg.train().seed()));
        FamilyRun run = ((FamilySetup) setup).run();
        yield new Joint(new JointRunner((JointWork) work, jc, run.initialOmega(), run.projection(), backend),
            a.joint().gradient() == JointGradient.CARRIED_ADJOINT);
      }
      case BMO -> throw new IllegalStateException("Algorithm 1 runs through TrainRun");
    };
  }

  private final OuterRunner runner;

  AlgorithmDriver(OuterRunner runner) {
    this.runner = runner;
  }

  final double[] theta() {
    return runner.theta();
  }

  final long step() {
    return runner.currentStep();
  }

  /** Iterations of steps 0 .. step()−1. */
  final Cost cumulative() {
    return runner.cumulative();
  }

  abstract StepResult next();

  /** θ, optimizer arrays, cumulative cost (and MAID's ε, δ, α) for a checkpoint. */
  abstract OptState checkpointState();

  /** Continues from θ and a checkpoint's state (the backend's shard states are restored by the caller). */
  abstract void restore(double[] theta, OptState state);

  static OptState withCost(OptState s, Cost c) {
    OptState o = s.copy();
    o.put("cost", new double[] {c.lower(), c.adjoint()});
    return o;
  }

  static Cost cost(OptState s) {
    double[] c = s.arrays().get("cost");
    return c == null ? Cost.ZERO : new Cost((long) c[0], (long) c[1]);
  }

  /** ISGD: plan, one update pass, finish (the same three phases as {@link IsgdRunner#step}). */
  static final class Isgd extends AlgorithmDriver {
    private final IsgdRunner r;
    private final StepRule rule;

    Isgd(IsgdRunner r, StepRule rule) {
      super(r);
      this.r = r;
      this.rule = rule;
    }

    @Override
    StepResult next() {
      IsgdRunner.StepPlan sp = r.plan(r.currentStep());
      LossGradientSum total = r.backend().updateTotal(r.thetaView(),
          new WorkArgs(sp.step(), sp.batch(), sp.tolerances(), null, true));
      double psnr = r.problem().trainPsnr(total);
      double alpha = rule instanceof StepRule.Sgd sgd ? sgd.rate().at(sp.step())
          : ((StepRule.Adam) rule).lr() * Math.pow(sp.step() + 1.0, -((StepRule.Adam) rule).decay());
      IsgdStep s = r.finish(sp, total);
      return new StepResult(s.loss(), s.gradientNorm(), s.examples(), s.cost(), s.lowerTolerance(),
          s.cgTolerance(), alpha, 1, 0, s.notConverged(), Double.NaN, psnr, false, false, Double.NaN);
    }

    @Override
    OptState checkpointState() {
      return withCost(r.optimizerState(), r.cumulative());
    }

    @Override
    void restore(double[] theta, OptState state) {
      r.restore(new IsgdRunner.Checkpoint(theta, state, state.step(), cost(state), null));
    }
  }

  /** MAID: one {@link MaidRunner#step}; a stall or certified stationarity stops the run. */
  static final class Maid extends AlgorithmDriver {
    private final MaidRunner r;

    Maid(MaidRunner r) {
      super(r);
      this.r = r;
    }

    @Override
    StepResult next() {
      MaidStep s = r.step();
      MaidEvent last = s.last();
      return new StepResult(last.loss(), last.gradientNorm(), r.backend().plan().examples(), s.cost(),
          last.lowerTolerance(), last.cgTolerance(), s.accepted() ? last.step() : Double.NaN, s.accepted() ? 1 : 0,
          s.events().size() - (s.accepted() ? 1 : 0), Double.NaN, Double.NaN, Double.NaN,
          !s.accepted() && !s.converged(), s.converged(), Double.NaN);
    }

    @Override
    OptState checkpointState() {
      OptState o = new OptState();
      o.setStep(r.currentStep());
      o.put("maid", new double[] {r.lowerTolerance(), r.cgTolerance(), r.stepSize()});
      return withCost(o, r.cumulative());
    }

    @Override
    void restore(double[] theta, OptState state) {
      double[] m = state.arrays().get("maid");
      r.restore(new MaidRunner.Checkpoint(theta, state.step(), m[0], m[1], m[2], cost(state), null));
    }
  }

  /** Joint mode: one {@link JointRunner#step}. */
  static final class Joint extends AlgorithmDriver {
    private final JointRunner r;
    private final boolean carried;

    Joint(JointRunner r, boolean carried) {
      super(r);
      this.r = r;
      this.carried = carried;
    }

    @Override
    StepResult next() {
      JointStep s = r.step();
      return new StepResult(s.loss(), s.gradientNorm(), s.examples(), s.cost(), Double.NaN, Double.NaN, Double.NaN,
          1, 0, 0, s.mu(), Double.NaN, false, false, s.iterateChange());
    }

    @Override
    OptState checkpointState() {
      return withCost(r.optimizerState(), r.cumulative());
    }

    @Override
    void restore(double[] theta, OptState state) {
      r.restore(new JointRunner.Checkpoint(theta, state, state.step(), cost(state), null));
    }
  }

  /**
   * The common per-step fields, in their fixed column order; {@code carried_change} only for joint mode with the
   * carried-adjoint gradient, so ISGD, MAID and truncated joint runs keep the columns they always had.
   */
  Map<String, Double> fields(StepResult s, Cost cumulative, long stateBytes) {
    Map<String, Double> v = new LinkedHashMap<>();
    v.put("cost", (double) s.cost().total());
    v.put("cost_cumulative", (double) cumulative.total());
    v.put("lower_iterations", (double) s.cost().lower());
    v.put("cg_iterations", (double) s.cost().adjoint());
    v.put("lower_tol", s.lowerTol());
    v.put("cg_tol", s.cgTol());
    v.put("step_size", s.stepSize());
    v.put("accepted", s.accepted());
    v.put("rejections", s.rejections());
    v.put("not_converged", s.notConverged());
    v.put("mu", s.mu());
    v.put("train_psnr", s.trainPsnr());
    if (this instanceof Joint j && j.carried) {
      v.put("carried_change", s.carriedChange());
    }
    v.put("state_bytes", (double) stateBytes);
    return v;
  }
}
