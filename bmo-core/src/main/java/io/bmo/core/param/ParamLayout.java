package io.bmo.core.param;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Names, shapes and offsets of the scalar blocks that make up a flat hyperparameter vector ω.
 *
 * <p>ω is always handled as one {@code double[]} (so optimizers, aggregators and Spark see a plain vector); the
 * layout says where each named block lives. Matrix blocks are stored <b>row-major</b> in ω (the layout of the
 * {@code .npy} file of the same name), e.g. {@code W} of shape (m, n) has W[r][c] at {@code offset + r*n + c}.
 */
public final class ParamLayout implements Serializable {
  private static final long serialVersionUID = 1L;

  /** One named block: {@code shape} is (len) for vectors or (rows, cols) for matrices. */
  public record Block(String name, int[] shape, int offset) implements Serializable {
    public Block {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("parameter block needs a name");
      }
      if (shape.length < 1 || shape.length > 2) {
        throw new IllegalArgumentException("parameter " + name + ": rank must be 1 or 2");
      }
      for (int d : shape) {
        if (d < 1) {
          throw new IllegalArgumentException("parameter " + name + ": dimensions must be positive");
        }
      }
      shape = shape.clone();
    }

    /** Number of scalars in the block. */
    public int size() {
      int s = 1;
      for (int d : shape) {
        s *= d;
      }
      return s;
    }

    @Override
    public int[] shape() {
      return shape.clone();
    }
  }

  private final List<Block> blocks;
  private final Map<String, Block> byName;
  private final int size;

  private ParamLayout(List<Block> blocks) {
    this.blocks = Collections.unmodifiableList(blocks);
    Map<String, Block> m = new LinkedHashMap<>();
    int s = 0;
    for (Block b : blocks) {
      if (m.put(b.name(), b) != null) {
        throw new IllegalArgumentException("duplicate parameter block " + b.name());
      }
      s += b.size();
    }
    this.byName = m;
    this.size = s;
  }

  /** Starts a layout; blocks are laid out in the order added. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builder for {@link ParamLayout}. */
  public static final class Builder {
    private final List<Block> blocks = new ArrayList<>();
    private int offset;

    public Builder add(String name, int... shape) {
      Block b = new Block(name, shape, offset);
      blocks.add(b);
      offset += b.size();
      return this;
    }

    /** Appends every block of {@code other}, in its order, after the blocks added so far. */
    public Builder addAll(ParamLayout other) {
      for (Block b : other.blocks()) {
        add(b.name(), b.shape());
      }
      return this;
    }

    public ParamLayout build() {
      return new ParamLayout(new ArrayList<>(blocks));
    }
  }

  /** Total number of scalars. */
  public int size() {
    return size;
  }

  public List<Block> blocks() {
    return blocks;
  }

  /** The block with this name; throws naming the missing block and the available ones. */
  public Block block(String name) {
    Block b = byName.get(name);
    if (b == null) {
      throw new IllegalArgumentException("no parameter block '" + name + "' (have " + byName.keySet() + ")");
    }
    return b;
  }

  public boolean has(String name) {
    return byName.containsKey(name);
  }

  /** Offset of a named block in ω. */
  public int offset(String name) {
    return block(name).offset();
  }

  /**
   * The name of one coordinate of ω, e.g. {@code W[3,17]} for row 3, column 17 of a 2-D block
   * (row-major), {@code theta[4]} for a vector.
   */
  public String coordinate(int flatIndex) {
    if (flatIndex < 0 || flatIndex >= size) {
      throw new IndexOutOfBoundsException("coordinate " + flatIndex + " outside omega of size " + size);
    }
    for (Block b : blocks) {
      int local = flatIndex - b.offset();
      if (local >= 0 && local < b.size()) {
        int[] idx = new int[b.shape.length];
        for (int d = b.shape.length - 1; d >= 0; d--) {
          idx[d] = local % b.shape[d];
          local /= b.shape[d];
        }
        StringBuilder sb = new StringBuilder(b.name()).append('[');
        for (int d = 0; d < idx.length; d++) {
          sb.append(d > 0 ? "," : "").append(idx[d]);
        }
        return sb.append(']').toString();
      }
    }
    throw new IllegalStateException("blocks do not cover coordinate " + flatIndex);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("ParamLayout[");
    for (Block b : blocks) {
      sb.append(b.name()).append(java.util.Arrays.toString(b.shape)).append(' ');
    }
    return sb.append("size=").append(size).append(']').toString();
  }
}
