package io.bmo.core.operator;

/**
 * What a {@link FixedPointMap} keeps from one {@code apply} so that it can later compute vector–Jacobian products
 * at that point without the full input. Each map documents exactly what its records hold.
 *
 * <p>Records are allocated once per tape slot and overwritten by every {@code apply} that is given them, so the
 * reverse pass allocates nothing after the first block.
 */
public interface Linearization {
  /** Bytes currently used to describe the linearization point (for memory accounting; capacity not counted). */
  long bytesUsed();
}
