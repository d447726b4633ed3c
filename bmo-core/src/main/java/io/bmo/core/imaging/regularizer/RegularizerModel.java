package io.bmo.core.imaging.regularizer;

import io.bmo.core.param.ParamLayout;

import io.bmo.core.imaging.ImageShape;
import java.io.Serializable;

/**
 * Serializable description of a regularizer family: parameter layout, initial θ and projection live here (driver
 * side, no workspaces); {@link #create} builds the per-task {@link Regularizer}.
 */
public sealed interface RegularizerModel extends Serializable
    permits SmoothedTotalVariation.Model, FieldOfExperts.Model {

  ParamLayout layout();

  /** A fresh copy of the initial θ (deterministic). */
  double[] initialTheta();

  /** Projects θ onto the feasible set in place (identity when unconstrained). Modified: theta. */
  void project(double[] theta);

  /** Builds the regularizer with workspaces for blocks of up to {@code maxImages} images. */
  Regularizer create(ImageShape shape, int maxImages);
}
