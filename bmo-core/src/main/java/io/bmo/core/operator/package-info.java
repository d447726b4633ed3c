/**
 * Batched fixed-point maps {@code u ↦ T_l(u; ω)} of the GKM scheme, acting on n×B column-major blocks, with their
 * vector–Jacobian products in u and ω ({@link io.bmo.core.operator.FixedPointMap}); each thread or task builds its
 * own instance (maps hold workspaces and are not thread-safe). Also: spectral norms by power iteration ({@link io.bmo.core.operator.Spectral}: L = ‖A‖²) and
 * bit masks of supports used by compressed reverse tapes.
 */
package io.bmo.core.operator;
