package io.bmo.jobs.ml;

import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The regularizer and solver parameters of {@link ImagingParams}: the initial θ of the tv and foe regularizers and
 * the lower-level (FISTA) and adjoint (CG) settings, each standing for the {@code imaging.*} key of a
 * {@code denoise | deblur} config with the same meaning and default. Definitions: {@link ImagingParamDefs}.
 */
public interface ImagingSolverParams extends Params {
  /**
   * The parameter objects of this instance.
   *
   * @return the definitions created for this instance's uid
   */
  ImagingParamDefs paramDefs();

  /** {@return the parameter} Tv: initial log-scale of R (default {@code -3.0}). */
  default DoubleParam tvLogScale() {
    return paramDefs().tvLogScale;
  }

  /** {@return the value of {@link #tvLogScale()}, set or default} */
  default double getTvLogScale() {
    return ((Number) getOrDefault(tvLogScale())).doubleValue();
  }

  /** {@return the parameter} Tv: initial log-smoothing of R (default {@code -7.0}). */
  default DoubleParam tvLogSmoothing() {
    return paramDefs().tvLogSmoothing;
  }

  /** {@return the value of {@link #tvLogSmoothing()}, set or default} */
  default double getTvLogSmoothing() {
    return ((Number) getOrDefault(tvLogSmoothing())).doubleValue();
  }

  /** {@return the parameter} Foe: number of filters (default {@code 10}). */
  default IntParam foeFilters() {
    return paramDefs().foeFilters;
  }

  /** {@return the value of {@link #foeFilters()}, set or default} */
  default int getFoeFilters() {
    return ((Number) getOrDefault(foeFilters())).intValue();
  }

  /** {@return the parameter} Foe: filter size (odd, &gt;= 3) (default {@code 7}). */
  default IntParam foeSize() {
    return paramDefs().foeSize;
  }

  /** {@return the value of {@link #foeSize()}, set or default} */
  default int getFoeSize() {
    return ((Number) getOrDefault(foeSize())).intValue();
  }

  /** {@return the parameter} Foe: filter initialisation dct | random (seeded) (default {@code dct}). */
  default Param<String> foeInit() {
    return paramDefs().foeInit;
  }

  /** {@return the value of {@link #foeInit()}, set or default} */
  default String getFoeInit() {
    return getOrDefault(foeInit());
  }

  /** {@return the parameter} Foe: seed of random filters (default {@code 0}). */
  default LongParam foeSeed() {
    return paramDefs().foeSeed;
  }

  /** {@return the value of {@link #foeSeed()}, set or default} */
  default long getFoeSeed() {
    return ((Number) getOrDefault(foeSeed())).longValue();
  }

  /** {@return the parameter} Foe: initial log-scale (default {@code -5.5}). */
  default DoubleParam foeLogScale() {
    return paramDefs().foeLogScale;
  }

  /** {@return the value of {@link #foeLogScale()}, set or default} */
  default double getFoeLogScale() {
    return ((Number) getOrDefault(foeLogScale())).doubleValue();
  }

  /** {@return the parameter} Foe: initial log-smoothing (default {@code -7.0}). */
  default DoubleParam foeLogSmoothing() {
    return paramDefs().foeLogSmoothing;
  }

  /** {@return the value of {@link #foeLogSmoothing()}, set or default} */
  default double getFoeLogSmoothing() {
    return ((Number) getOrDefault(foeLogSmoothing())).doubleValue();
  }

  /** {@return the parameter} Foe: initial weight of every filter (default {@code 1.0}). */
  default DoubleParam foeWeight() {
    return paramDefs().foeWeight;
  }

  /** {@return the value of {@link #foeWeight()}, set or default} */
  default double getFoeWeight() {
    return ((Number) getOrDefault(foeWeight())).doubleValue();
  }

  /** {@return the parameter} Epsilon_sc of the lower level's 0.5 epsilon_sc ||x||^2 term (default {@code 1e-6}). */
  default DoubleParam strongConvexity() {
    return paramDefs().strongConvexity;
  }

  /** {@return the value of {@link #strongConvexity()}, set or default} */
  default double getStrongConvexity() {
    return ((Number) getOrDefault(strongConvexity())).doubleValue();
  }

  /**
   * {@return the parameter} Lower level (FISTA) tolerance epsilon on ||grad E|| per training image (default {@code
   * 1e-3}).
   */
  default DoubleParam lowerTol() {
    return paramDefs().lowerTol;
  }

  /** {@return the value of {@link #lowerTol()}, set or default} */
  default double getLowerTol() {
    return ((Number) getOrDefault(lowerTol())).doubleValue();
  }

  /** {@return the parameter} Cap on FISTA gradient evaluations (default {@code 5000}). */
  default IntParam lowerMaxIterations() {
    return paramDefs().lowerMaxIterations;
  }

  /** {@return the value of {@link #lowerMaxIterations()}, set or default} */
  default int getLowerMaxIterations() {
    return ((Number) getOrDefault(lowerMaxIterations())).intValue();
  }

  /**
   * {@return the parameter} FISTA tolerance of transform, per training-image size (scaled by sqrt of the pixel ratio)
   * (default {@code 1e-4}).
   */
  default DoubleParam evalTol() {
    return paramDefs().evalTol;
  }

  /** {@return the value of {@link #evalTol()}, set or default} */
  default double getEvalTol() {
    return ((Number) getOrDefault(evalTol())).doubleValue();
  }

  /** {@return the parameter} Relative residual delta of the adjoint CG solve (default {@code 1e-3}). */
  default DoubleParam cgTol() {
    return paramDefs().cgTol;
  }

  /** {@return the value of {@link #cgTol()}, set or default} */
  default double getCgTol() {
    return ((Number) getOrDefault(cgTol())).doubleValue();
  }

  /** {@return the parameter} Cap on CG iterations (default {@code 2000}). */
  default IntParam cgMaxIterations() {
    return paramDefs().cgMaxIterations;
  }

  /** {@return the value of {@link #cgMaxIterations()}, set or default} */
  default int getCgMaxIterations() {
    return ((Number) getOrDefault(cgMaxIterations())).intValue();
  }
}
