package io.bmo.core.imaging.regularizer;

import io.bmo.core.param.ParamLayout;

import io.bmo.core.imaging.ImageShape;
import io.bmo.core.imaging.operator.PatchConvolution;

/**
 * Field of Experts {@code R_θ(x) = e^{c} Σ_i Σ_p φ_ν(w_i (k_i ⋆ x)_p)}, {@code ν = e^{σ}}, with F filters {@code k_i}
 * of {@code s × s} taps applied by periodic correlation ({@link PatchConvolution}: im2col + DGEMM over the whole
 * block), and the expert φ_ν of {@link Potential}: the convex {@code φ_ν(t) = √(t² + ν) − √ν} (the default) or the
 * Student-t {@code φ_ν(t) = log(1 + t²/ν)} of the FoE literature, which is not convex.
 *
 * <p>θ layout ({@link Model#layout()}): {@code [c, σ, w_0..w_{F−1}, k_0 (s² taps, row-major), …, k_{F−1}]}. The filters
 * are kept zero-mean by {@link Model#project} (the optimizer calls it after each step). With the convex expert R is
 * convex for any θ; with either expert {@code φ''(t) ≤ φ''(0)}, so the Hessian is largest at the zero image.
 *
 * <p>With {@code u_ip = w_i (k_i ⋆ x)_p}, {@code r = k ⋆ q} and, for the convex expert, {@code φ' = t/√(t²+ν)},
 * {@code φ'' = ν/(t²+ν)^{3/2}} (Student-t: {@code φ' = 2t/(ν+t²)}, {@code φ'' = 2(ν−t²)/(ν+t²)²},
 * {@code ∂φ'/∂ν = −2t/(ν+t²)²}):
 * <ul>
 *   <li>{@code ∇ₓR = e^c Σ_i k_iᵀ ⋆ (w_i φ'(u_i))};</li>
 *   <li>{@code ∇²ₓR v = e^c Σ_i k_iᵀ ⋆ (w_i² φ''(u_i) ⊙ (k_i ⋆ v))}, and since {@code φ'' ≤ φ''(0)},
 *       {@code ∇²ₓR(x) ⪯ ∇²ₓR(0)};</li>
 *   <li>{@code ∂/∂c ⟨q,∇R⟩ = e^c Σ w_i φ'(u) r};  {@code ∂/∂w_i = e^c Σ_p (φ'(u) + u φ''(u)) r_i};
 *       {@code ∂/∂σ = −½ ν e^c Σ w_i u/(u²+ν)^{3/2} r};
 *       {@code ∂/∂k_i = e^c Σ_p [w_i² φ''(u_ip) r_ip · patch_p(x) + w_i φ'(u_ip) · patch_p(q)]}.</li>
 * </ul>
 * Not thread-safe (workspaces sized for {@code maxImages}); no method allocates.
 */
public final class FieldOfExperts implements Regularizer {
  public static final int LOG_SCALE = 0;
  public static final int LOG_SMOOTHING = 1;
  public static final int WEIGHTS = 2;

  /** The expert φ_ν applied to every filter response. */
  public enum Potential {
    /** {@code φ_ν(t) = √(t² + ν) − √ν}: convex (a smoothed |t|); R is convex for any θ. */
    CONVEX,
    /**
     * {@code φ_ν(t) = log(1 + t²/ν)} (Student-t): heavy-tailed and not convex, so the lower level may have several
     * minima; {@code φ'' ≥ −1/(4ν)} and {@code φ'' ≤ φ''(0) = 2/ν}.
     */
    STUDENT_T
  }

  /** How the initial filters are chosen; both are zero-mean and unit-norm. */
  public enum FilterInit {
    /** 2-D DCT-II atoms without the DC atom, lowest frequencies first (needs F ≤ s² − 1); ignores the seed. */
    DCT,
    /** Uniform [−1, 1] taps from {@code SplittableRandom(seed)}, mean removed, normalised. */
    SEEDED_RANDOM
  }

  /**
   * @param filters F ≥ 1
   * @param size s, odd ≥ 3
   * @param init initial filter choice
   * @param seed seed for {@link FilterInit#SEEDED_RANDOM}
   * @param initialLogScale c at start
   * @param initialLogSmoothing σ at start
   * @param initialWeight every w_i at start
   * @param potential the expert φ_ν
   */
  public record Model(int filters, int size, FilterInit init, long seed, double initialLogScale,
      double initialLogSmoothing, double initialWeight, Potential potential) implements RegularizerModel {
    /**
     * F = 10, s = 7, DCT filters, e^c ≈ 0.004, ν ≈ 1e-3, w = 1: a mild start that already improves σ = 0.1 denoising
     * of 64×64 crops slightly (larger scales over-smooth before any learning).
     */
    public static final Model DEFAULT = new Model(10, 7, FilterInit.DCT, 0L, -5.5, -7.0, 1.0);

    public Model {
      if (filters < 1) {
        throw new IllegalArgumentException("FoE filters must be at least 1, got " + filters);
      }
      if (size < 3 || size % 2 == 0) {
        throw new IllegalArgumentException("FoE filter size must be odd and at least 3, got " + size);
      }
      if (init == null || potential == null) {
        throw new IllegalArgumentException("FoE init and potential must be given");
      }
      if (init == FilterInit.DCT && filters > size * size - 1) {
        throw new IllegalArgumentException("DCT init has only " + (size * size - 1) + " non-DC atoms for size "
            + size + ", asked for " + filters + " filters");
      }
      if (!Double.isFinite(initialLogScale) || !Double.isFinite(initialLogSmoothing)
          || !Double.isFinite(initialWeight)) {
        throw new IllegalArgumentException("FoE initial parameters must be finite");
      }
    }

    /**
     * A model with the convex expert.
     *
     * @param filters F ≥ 1
     * @param size s, odd ≥ 3
     * @param init initial filter choice
     * @param seed seed for {@link FilterInit#SEEDED_RANDOM}
     * @param initialLogScale c at start
     * @param initialLogSmoothing σ at start
     * @param initialWeight every w_i at start
     */
    public Model(int filters, int size, FilterInit init, long seed, double initialLogScale,
        double initialLogSmoothing, double initialWeight) {
      this(filters, size, init, seed, initialLogScale, initialLogSmoothing, initialWeight, Potential.CONVEX);
    }

    /** Index of the first tap of filter {@code i} in θ. */
    public int filterOffset(int i) {
      return WEIGHTS + filters + i * size * size;
    }

    @Override
    public ParamLayout layout() {
      return ParamLayout.builder().add("logScale", 1).add("logSmoothing", 1).add("weights", filters)
          .add("filters", filters, size * size).build();
    }

    @Override
    public double[] initialTheta() {
      int t = size * size;
      double[] theta = new double[WEIGHTS + filters + filters * t];
      theta[LOG_SCALE] = initialLogScale;
      theta[LOG_SMOOTHING] = initialLogSmoothing;
      for (int i = 0; i < filters; i++) {
        theta[WEIGHTS + i] = initialWeight;
      }
      FilterInits.fill(theta, filterOffset(0), filters, size, init == FilterInit.DCT, seed);
      project(theta);
      for (int i = 0; i < filters; i++) {
        int off = filterOffset(i);
        double nrm = 0;
        for (int j = 0; j < t; j++) {
          nrm += theta[off + j] * theta[off + j];
        }
        nrm = Math.sqrt(nrm);
        for (int j = 0; j < t; j++) {
          theta[off + j] /= nrm;
        }
      }
      return theta;
    }

    /** Subtracts each filter's mean from its taps (Euclidean projection onto zero-mean filters). */
    @Override
    public void project(double[] theta) {
      int t = size * size;
      for (int i = 0; i < filters; i++) {
        int off = filterOffset(i);
        double mean = 0;
        for (int j = 0; j < t; j++) {
          mean += theta[off + j];
        }
        mean /= t;
        for (int j = 0; j < t; j++) {
          theta[off + j] -= mean;
        }
      }
    }

    @Override
    public Regularizer create(ImageShape shape, int maxImages) {
      return new FieldOfExperts(this, shape, maxImages);
    }
  }

  private final Model model;
  private final boolean studentT;
  private final PatchConvolution conv;
  private final int f;
  private final int taps;
  private final double[] filt; // taps x F, column-major: filter i contiguous
  private final double[] weights;
  private final double[] linFilt; // filters at the linearization point
  private final double[] linWeights;
  private final double[] u; // F x (B n): w_i (k_i ⋆ x) at the linearization point
  private final double[] r; // F x (B n): scratch
  private final double[] s; // F x (B n): scratch
  private final double[] xLin;
  private final double[] filterGrad;
  private double expC;
  private double nu;
  private int linImages;

  public FieldOfExperts(Model model, ImageShape shape, int maxImages) {
    this.model = model;
    this.studentT = model.potential() == Potential.STUDENT_T;
    this.f = model.filters();
    this.taps = model.size() * model.size();
    this.conv = new PatchConvolution(shape, model.size(), model.size(), maxImages);
    int len = maxImages * shape.pixels();
    filt = new double[taps * f];
    weights = new double[f];
    linFilt = new double[taps * f];
    linWeights = new double[f];
    u = new double[f * len];
    r = new double[f * len];
    s = new double[f * len];
    xLin = new double[len];
    filterGrad = new double[taps * f];
  }

  @Override
  public ImageShape shape() {
    return conv.shape();
  }

  @Override
  public int maxImages() {
    return conv.maxImages();
  }

  @Override
  public int dimension() {
    return WEIGHTS + f + f * taps;
  }

  @Override
  public double value(double[] theta, double[] x, int images) {
    int m = responses(theta, x, images, s);
    double v = nu(theta);
    double sum = Experts.sum(studentT, s, m, v);
    return Math.exp(theta[LOG_SCALE]) * sum;
  }

  @Override
  public void gradient(double[] theta, double[] x, int images, double[] out) {
    int m = responses(theta, x, images, s);
    double v = nu(theta);
    double ec = Math.exp(theta[LOG_SCALE]);
    Experts.slopes(studentT, s, m, v, ec, weights, f);
    conv.correlateAdjoint(filt, f, s, images, out);
  }

  @Override
  public void linearize(double[] theta, double[] x, int images) {
    responses(theta, x, images, u);
    expC = Math.exp(theta[LOG_SCALE]);
    nu = nu(theta);
    linImages = images;
    System.arraycopy(filt, 0, linFilt, 0, taps * f);
    System.arraycopy(weights, 0, linWeights, 0, f);
    System.arraycopy(x, 0, xLin, 0, images * conv.shape().pixels());
  }

  @Override
  public void hessianVector(double[] v, double[] out) {
    int m = f * linImages * conv.shape().pixels();
    conv.correlate(linFilt, f, v, linImages, r);
    Experts.curvatures(studentT, r, u, m, nu, expC, linWeights, f);
    conv.correlateAdjoint(linFilt, f, r, linImages, out);
  }

  @Override
  public void addMixedTranspose(double[] q, double[] out) {
    int m = f * linImages * conv.shape().pixels();
    conv.correlate(linFilt, f, q, linImages, r);
    Experts.mixed(studentT, u, r, s, m, nu, expC, linWeights, f, out);
    conv.accumulateFilterGradient(xLin, linImages, r, f, 0.0, filterGrad);
    conv.accumulateFilterGradient(q, linImages, s, f, 1.0, filterGrad);
    int off = model.filterOffset(0);
    for (int k = 0; k < taps * f; k++) {
      out[off + k] += filterGrad[k];
    }
  }

  /** Loads filters and weights from θ and writes {@code out = w_i (k_i ⋆ x)}; returns F·B·n. Modified: out. */
  private int responses(double[] theta, double[] x, int images, double[] out) {
    if (theta.length != dimension()) {
      throw new IllegalArgumentException("FoE θ has length " + theta.length + ", expected " + dimension());
    }
    System.arraycopy(theta, model.filterOffset(0), filt, 0, taps * f);
    System.arraycopy(theta, WEIGHTS, weights, 0, f);
    conv.correlate(filt, f, x, images, out);
    int m = f * images * conv.shape().pixels();
    for (int k = 0; k < m; k++) {
      out[k] *= weights[k % f];
    }
    return m;
  }

  private static double nu(double[] theta) {
    return Math.exp(theta[LOG_SMOOTHING]);
  }
}
