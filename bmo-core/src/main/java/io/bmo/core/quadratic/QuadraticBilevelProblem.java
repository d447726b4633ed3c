package io.bmo.core.quadratic;

import dev.ludovic.netlib.blas.BLAS;
import io.bmo.core.aggregate.LossGradientSum;
import io.bmo.core.blas.Blas;
import io.bmo.core.solver.Cholesky;
import io.bmo.core.solver.ConjugateGradient;
import io.bmo.core.solver.LinearOperator;
import io.bmo.core.solver.LinearSolver;
import io.bmo.core.solver.Tolerances;

/**
 * The quadratic anchor problem, the correctness reference for every bilevel method:
 * <pre>
 *   min_θ  F(θ) = Σ_i ½‖A₁ x̂_i(θ) − b₁ᵢ‖²,   x̂_i(θ) = argmin_x ½‖A₂ x + A₃ θ − b₂ᵢ‖²
 * </pre>
 * with A₁, A₂, A₃ shared by the N samples and (b₁ᵢ, b₂ᵢ) per sample ({@link QuadraticInstance}).
 *
 * <p>Closed form ({@link #closedForm()}): with {@code G = A₂ᵀA₂} (SPD since A₂ has full column rank),
 * {@code x̂_i(θ) = −G⁻¹A₂ᵀ(A₃θ − b₂ᵢ)} is affine in θ, so {@code A₁x̂_i − b₁ᵢ = d_i − Cθ} with
 * {@code C = A₁G⁻¹A₂ᵀA₃}, {@code d_i = A₁G⁻¹A₂ᵀb₂ᵢ − b₁ᵢ}; F is the least-squares objective
 * {@code Σ ½‖Cθ − d_i‖²}, minimised by {@code θ* = (CᵀC)⁻¹Cᵀ d̄}, {@code d̄ = mean d_i} (C full column rank assumed),
 * with Hessian {@code N·CᵀC} and gradient {@code N·CᵀCθ − CᵀΣd_i}.
 *
 * <p>Iterative path, the same as for imaging ({@link #addBlock}): lower level by CG on {@code G x = A₂ᵀ(b₂ − A₃θ)},
 * adjoint {@code G q = A₁ᵀ(A₁x̂ − b₁)} by CG, hypergradient {@code g = −(∂θ∇ₓE)ᵀq = −A₃ᵀA₂ q}.
 *
 * <p>Not thread-safe (workspaces).
 */
public final class QuadraticBilevelProblem {
  /**
   * @param thetaStar minimiser of F
   * @param hessian {@code p × p} column-major ∇²F = N·CᵀC
   * @param c {@code r1 × p} column-major C
   * @param dSum {@code r1}: Σ_i d_i
   */
  public record ClosedForm(double[] thetaStar, double[] hessian, double[] c, double[] dSum) {}

  private final QuadraticInstance in;
  private final double[] rows; // r2 workspace
  private final double[] rhs; // m
  private final double[] q; // m
  private final double[] res1; // r1

  public QuadraticBilevelProblem(QuadraticInstance instance) {
    this.in = instance;
    rows = new double[instance.r2()];
    rhs = new double[instance.m()];
    q = new double[instance.m()];
    res1 = new double[instance.r1()];
  }

  public QuadraticInstance instance() {
    return in;
  }

  /** {@code out = A₂ᵀA₂ v}, the lower-level Hessian G. */
  public LinearOperator lowerHessian() {
    BLAS blas = Blas.get();
    return (v, out) -> {
      blas.dgemv("N", in.r2(), in.m(), 1.0, in.a2(), in.r2(), v, 1, 0.0, rows, 1);
      blas.dgemv("T", in.r2(), in.m(), 1.0, in.a2(), in.r2(), rows, 1, 0.0, out, 1);
    };
  }

  /**
   * Solves sample {@code s}'s lower level by CG to relative residual {@code tolerance}.
   *
   * @param x warm start in, x̂_s(θ) out (length m). Modified.
   */
  public LinearSolver.Result solveLower(double[] theta, int s, double[] x, double tolerance, int maxIterations) {
    BLAS blas = Blas.get();
    // rows = b2_s − A3 θ ; rhs = A2ᵀ rows
    System.arraycopy(in.b2(), s * in.r2(), rows, 0, in.r2());
    blas.dgemv("N", in.r2(), in.p(), -1.0, in.a3(), in.r2(), theta, 1, 1.0, rows, 1);
    blas.dgemv("T", in.r2(), in.m(), 1.0, in.a2(), in.r2(), rows, 1, 0.0, rhs, 1);
    return new ConjugateGradient(tolerance, maxIterations).solve(lowerHessian(), rhs, x);
  }

  /**
   * Adds samples {@code from..to−1}: summed upper loss Σ ½‖A₁x̂ − b₁‖², summed hypergradient, count and statistics
   * (Σ lower and adjoint CG operator applications). Both solves start from 0. {@code tol.lower()} is the relative
   * residual of the lower CG solve (not a gradient norm), {@code tol.cg()} that of the adjoint.
   *
   * @param into accumulator of dimension p with {@link QuadraticStats#SIZE} stats. Modified.
   */
  public void addBlock(double[] theta, int from, int to, Tolerances tol, int maxIterations, LossGradientSum into) {
    if (from < 0 || to > in.samples() || from >= to) {
      throw new IllegalArgumentException("sample range [" + from + ", " + to + ") outside [0, " + in.samples() + ")");
    }
    BLAS blas = Blas.get();
    double[] x = new double[in.m()];
    double[] g = into.gradSumBuffer();
    double lowerIterations = 0;
    double cgIterations = 0;
    double loss = 0;
    for (int s = from; s < to; s++) {
      java.util.Arrays.fill(x, 0.0);
      lowerIterations += solveLower(theta, s, x, tol.lower(), maxIterations).iterations();
      System.arraycopy(in.b1(), s * in.r1(), res1, 0, in.r1());
      blas.dgemv("N", in.r1(), in.m(), 1.0, in.a1(), in.r1(), x, 1, -1.0, res1, 1);
      loss += 0.5 * blas.ddot(in.r1(), res1, 1, res1, 1);
      blas.dgemv("T", in.r1(), in.m(), 1.0, in.a1(), in.r1(), res1, 1, 0.0, rhs, 1);
      java.util.Arrays.fill(q, 0.0);
      cgIterations += new ConjugateGradient(tol.cg(), maxIterations).solve(lowerHessian(), rhs, q)
          .iterations();
      // g −= A3ᵀ A2 q
      blas.dgemv("N", in.r2(), in.m(), 1.0, in.a2(), in.r2(), q, 1, 0.0, rows, 1);
      blas.dgemv("T", in.r2(), in.p(), -1.0, in.a3(), in.r2(), rows, 1, 1.0, g, 1);
    }
    double[] stats = new double[QuadraticStats.SIZE];
    new QuadraticStats(lowerIterations, cgIterations).writeTo(stats);
    into.add(loss, null, stats, to - from);
  }

  /** The closed-form solution (Cholesky of G and of CᵀC; independent of the CG path). */
  public ClosedForm closedForm() {
    BLAS blas = Blas.get();
    int m = in.m();
    int p = in.p();
    int r1 = in.r1();
    int r2 = in.r2();
    int n = in.samples();
    double[] gram = new double[m * m];
    blas.dgemm("T", "N", m, m, r2, 1.0, in.a2(), r2, in.a2(), r2, 0.0, gram, m);
    Cholesky chol = new Cholesky(gram, m);
    double[] ma3 = new double[m * p]; // G⁻¹ A2ᵀ A3
    blas.dgemm("T", "N", m, p, r2, 1.0, in.a2(), r2, in.a3(), r2, 0.0, ma3, m);
    chol.solveColumns(ma3, p);
    double[] c = new double[r1 * p];
    blas.dgemm("N", "N", r1, p, m, 1.0, in.a1(), r1, ma3, m, 0.0, c, r1);
    double[] mb2 = new double[m * n]; // G⁻¹ A2ᵀ b2_i, column per sample
    blas.dgemm("T", "N", m, n, r2, 1.0, in.a2(), r2, in.b2(), r2, 0.0, mb2, m);
    chol.solveColumns(mb2, n);
    double[] d = in.b1().clone(); // d_i = A1 mb2_i − b1_i
    blas.dgemm("N", "N", r1, n, m, 1.0, in.a1(), r1, mb2, m, -1.0, d, r1);
    double[] dSum = new double[r1];
    for (int s = 0; s < n; s++) {
      blas.daxpy(r1, 1.0, d, s * r1, 1, dSum, 0, 1);
    }
    double[] ctc = new double[p * p];
    blas.dgemm("T", "N", p, p, r1, 1.0, c, r1, c, r1, 0.0, ctc, p);
    double[] theta = new double[p];
    blas.dgemv("T", r1, p, 1.0 / n, c, r1, dSum, 1, 0.0, theta, 1);
    new Cholesky(ctc, p).solveInPlace(theta, 0);
    blas.dscal(p * p, n, ctc, 1);
    return new ClosedForm(theta, ctc, c, dSum);
  }

  /** Exact ∇F(θ) = N·CᵀCθ − CᵀΣd_i from the closed form. */
  public static double[] exactGradient(ClosedForm cf, double[] theta) {
    int p = theta.length;
    int r1 = cf.dSum().length;
    BLAS blas = Blas.get();
    double[] g = new double[p];
    blas.dgemv("N", p, p, 1.0, cf.hessian(), p, theta, 1, 0.0, g, 1);
    blas.dgemv("T", r1, p, -1.0, cf.c(), r1, cf.dSum(), 1, 1.0, g, 1);
    return g;
  }
}
