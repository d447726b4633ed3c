package io.bmo.core.quadratic;

import dev.ludovic.netlib.blas.BLAS;
import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.algorithms.Cost;
import io.bmo.core.algorithms.ErrorBound;
import io.bmo.core.algorithms.ExampleState;
import io.bmo.core.algorithms.InexactProblem;
import io.bmo.core.algorithms.InexactStats;
import io.bmo.core.algorithms.InexactTask;
import io.bmo.core.blas.Blas;
import io.bmo.core.solver.ConjugateGradient;
import io.bmo.core.solver.LinearOperator;
import io.bmo.core.solver.Tolerances;
import java.util.Arrays;

/**
 * The quadratic anchor ({@link QuadraticBilevelProblem}) as an {@link InexactProblem}: per example
 * ℓ_i = ½‖A₁x − b₁ᵢ‖², E_i = ½‖A₂x + A₃θ − b₂ᵢ‖², so ∇ₓE_i = G x − A₂ᵀ(b₂ᵢ − A₃θ), G = A₂ᵀA₂, B = A₂ᵀA₃.
 *
 * <p>Lower level: CG on G x = A₂ᵀ(b₂ − A₃θ), warm-started, stopped when ‖∇ₓE‖ ≤ ε (relative tolerance
 * ε/‖A₂ᵀ(b₂ − A₃θ)‖); cold start x = 0. Adjoint: CG on G q = A₁ᵀ(A₁x̃ − b₁) to relative residual δ, warm-started;
 * cold start q = 0. Every example is solved on its own (blocks do not couple examples here).
 *
 * <p>Error bounds use {@link #certifiedBound}: μ = λ_min(G), L_ℓ = λ_max(A₁ᵀA₁), B_max = ‖A₂ᵀA₃‖₂, L_H = L_B = 0,
 * each certified by {@link SpectralBounds}; ε and ρ are the <em>true</em> residual norms ‖∇ₓE(x̃)‖ and
 * ‖∇ℓ − Gq̃‖, recomputed after each solve (one extra G product each, not charged to {@link Cost}).
 */
public final class QuadraticInexact implements InexactProblem {
  private static final long serialVersionUID = 1L;
  private final QuadraticInstance instance;
  private final double[] theta0;
  private final int maxIterations;
  private final ErrorBound bound;

  /**
   * @param theta0 starting θ (copied)
   * @param maxIterations CG cap for both solves
   */
  public QuadraticInexact(QuadraticInstance instance, double[] theta0, int maxIterations) {
    if (theta0.length != instance.p()) {
      throw new IllegalArgumentException("theta0 has " + theta0.length + " values, expected p = " + instance.p());
    }
    if (maxIterations < 1) {
      throw new IllegalArgumentException("maxIterations must be >= 1, got " + maxIterations);
    }
    this.instance = instance;
    this.theta0 = theta0.clone();
    this.maxIterations = maxIterations;
    this.bound = certifiedBound(instance);
  }

  /** Exact constants of the instance (see class doc). */
  public static ErrorBound certifiedBound(QuadraticInstance in) {
    BLAS blas = Blas.get();
    int m = in.m();
    int p = in.p();
    double[] gram = new double[m * m];
    blas.dgemm("T", "N", m, m, in.r2(), 1.0, in.a2(), in.r2(), in.a2(), in.r2(), 0.0, gram, m);
    double[] a1ta1 = new double[m * m];
    blas.dgemm("T", "N", m, m, in.r1(), 1.0, in.a1(), in.r1(), in.a1(), in.r1(), 0.0, a1ta1, m);
    double[] b = new double[m * p]; // A2ᵀA3
    blas.dgemm("T", "N", m, p, in.r2(), 1.0, in.a2(), in.r2(), in.a3(), in.r2(), 0.0, b, m);
    double[] btb = new double[p * p];
    blas.dgemm("T", "N", p, p, m, 1.0, b, m, b, m, 0.0, btb, p);
    return new ErrorBound(SpectralBounds.smallestLower(gram, m), SpectralBounds.largestUpper(a1ta1, m), 0.0, 0.0,
        Math.sqrt(SpectralBounds.largestUpper(btb, p)));
  }

  public QuadraticInstance instance() {
    return instance;
  }

  public ErrorBound bound() {
    return bound;
  }

  @Override
  public int dimension() {
    return instance.p();
  }

  @Override
  public long examples() {
    return instance.samples();
  }

  @Override
  public int lowerWidth() {
    return instance.m();
  }

  @Override
  public int adjointWidth() {
    return instance.m();
  }

  @Override
  public double[] initialTheta() {
    return theta0.clone();
  }

  @Override
  public void project(double[] theta) {
    // unconstrained
  }

  @Override
  public InexactTask newTask() {
    return new Task();
  }

  private final class Task implements InexactTask {
    private final QuadraticBilevelProblem pr = new QuadraticBilevelProblem(instance);
    private final LinearOperator gram = pr.lowerHessian();
    private final double[] x = new double[instance.m()];
    private final double[] q = new double[instance.m()];
    private final double[] rhs = new double[instance.m()];
    private final double[] adj = new double[instance.m()];
    private final double[] tmp = new double[instance.m()];
    private final double[] rows = new double[instance.r2()];
    private final double[] res1 = new double[instance.r1()];
    private final double[] stats = new double[InexactStats.SIZE];

    @Override
    public void add(double[] theta, long[] indices, int from, int to, int blockSize, Tolerances tol,
        ExampleState state, long step, boolean withGradient, LossGradientSum into) {
      BLAS blas = Blas.get();
      QuadraticInstance in = instance;
      int m = in.m();
      double[] g = into.gradSumBuffer();
      double loss = 0;
      double lowerIterations = 0;
      double adjointIterations = 0;
      double gradientBound = 0;
      double valueBound = 0;
      double notConverged = 0;
      for (int j = from; j < to; j++) {
        long ex = indices[j];
        int s = Math.toIntExact(ex);
        if (state.visited(ex)) {
          state.loadPrimal(ex, x, 0);
        } else {
          Arrays.fill(x, 0.0);
        }
        // rhs = A2ᵀ(b2_s − A3 θ)
        System.arraycopy(in.b2(), s * in.r2(), rows, 0, in.r2());
        blas.dgemv("N", in.r2(), in.p(), -1.0, in.a3(), in.r2(), theta, 1, 1.0, rows, 1);
        blas.dgemv("T", in.r2(), m, 1.0, in.a2(), in.r2(), rows, 1, 0.0, rhs, 1);
        double rn = blas.dnrm2(m, rhs, 1);
        double rel = rn > 0 ? Math.min(tol.lower() / rn, 1.0) : 1.0;
        var lower = new ConjugateGradient(rel, maxIterations).solve(gram, rhs, x);
        lowerIterations += lower.iterations();
        double eps = residualNorm(rhs, x);
        if (eps > tol.lower()) {
          notConverged += 1;
        }
        System.arraycopy(in.b1(), s * in.r1(), res1, 0, in.r1());
        blas.dgemv("N", in.r1(), m, 1.0, in.a1(), in.r1(), x, 1, -1.0, res1, 1);
        loss += 0.5 * blas.ddot(in.r1(), res1, 1, res1, 1);
        blas.dgemv("T", in.r1(), m, 1.0, in.a1(), in.r1(), res1, 1, 0.0, adj, 1);
        double a = blas.dnrm2(m, adj, 1);
        valueBound += bound.value(1, eps, a);
        if (withGradient) {
          if (state.visited(ex)) {
            state.loadAdjoint(ex, q, 0);
          } else {
            Arrays.fill(q, 0.0);
          }
          var cg = new ConjugateGradient(tol.cg(), maxIterations).solve(gram, adj, q);
          adjointIterations += cg.iterations();
          if (!cg.converged()) {
            notConverged += 1;
          }
          gradientBound += bound.gradient(1, eps, a, residualNorm(adj, q));
          // g −= A3ᵀ A2 q
          blas.dgemv("N", in.r2(), m, 1.0, in.a2(), in.r2(), q, 1, 0.0, rows, 1);
          blas.dgemv("T", in.r2(), in.p(), -1.0, in.a3(), in.r2(), rows, 1, 1.0, g, 1);
          state.storeAdjoint(ex, q, 0);
        }
        state.storePrimal(ex, x, 0, step);
      }
      new InexactStats(lowerIterations, adjointIterations, gradientBound, valueBound, notConverged).writeTo(stats);
      into.add(loss, null, stats, to - from);
    }

    /** ‖b − G v‖. */
    private double residualNorm(double[] b, double[] v) {
      gram.apply(v, tmp);
      double s = 0;
      for (int i = 0; i < tmp.length; i++) {
        double d = b[i] - tmp[i];
        s += d * d;
      }
      return Math.sqrt(s);
    }
  }
}
