/**
 * Forward operators K of imaging problems: the identity and 2-D convolutions with periodic boundary (a Gaussian or a
 * given kernel), batched over images, with their adjoints Kᵀ. {@link io.bmo.core.imaging.operator.ForwardModel} is
 * the serializable description each task turns into its own operator (with workspaces).
 */
package io.bmo.core.imaging.operator;
