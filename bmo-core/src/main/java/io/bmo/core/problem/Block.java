package io.bmo.core.problem;

/**
 * A block of B examples stored column-major: observations {@code b} (m×B) and targets {@code x} (n×B), column c is
 * example c. Arrays may be longer than needed (reused buffers); only the first m·B / n·B entries are read.
 *
 * @param b observations
 * @param x ground-truth codes
 * @param cols B
 */
public record Block(double[] b, double[] x, int cols) {
  public Block {
    if (cols < 1) {
      throw new IllegalArgumentException("a block needs at least one column");
    }
  }
}
