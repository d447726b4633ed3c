package io.bmo.core.imaging.regularizer;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Names and shapes of the blocks of a flat parameter vector θ, in order: entry {@code e} occupies
 * {@code θ[e.offset() .. e.offset() + e.size())}, row-major in its shape.
 *
 * @param entries consecutive, non-overlapping blocks starting at 0
 */
public record ParameterLayout(List<Entry> entries) implements Serializable {
  public ParameterLayout {
    entries = List.copyOf(entries);
    int next = 0;
    for (Entry e : entries) {
      if (e.offset() != next) {
        throw new IllegalArgumentException("parameter '" + e.name() + "' starts at " + e.offset() + ", expected " + next);
      }
      next += e.size();
    }
  }

  /**
   * @param name parameter name, e.g. {@code "logScale"}
   * @param offset first index in θ
   * @param shape dimensions, each positive (copied)
   */
  public record Entry(String name, int offset, List<Integer> shape) implements Serializable {
    public Entry {
      shape = List.copyOf(shape);
      for (int d : shape) {
        if (d < 1) {
          throw new IllegalArgumentException("parameter '" + name + "' has non-positive dimension " + d);
        }
      }
    }

    /** Number of scalars in this block (product of the shape). */
    public int size() {
      int s = 1;
      for (int d : shape) {
        s *= d;
      }
      return s;
    }
  }

  /** Builder appending entries at consecutive offsets. */
  public static final class Builder {
    private final List<Entry> entries = new ArrayList<>();
    private int next;

    public Builder add(String name, Integer... shape) {
      Entry e = new Entry(name, next, List.of(shape));
      entries.add(e);
      next += e.size();
      return this;
    }

    public ParameterLayout build() {
      return new ParameterLayout(entries);
    }
  }

  /** Total length of θ. */
  public int dimension() {
    int d = 0;
    for (Entry e : entries) {
      d += e.size();
    }
    return d;
  }

  /** The entry with this name; throws naming the unknown key. */
  public Entry entry(String name) {
    for (Entry e : entries) {
      if (e.name().equals(name)) {
        return e;
      }
    }
    throw new IllegalArgumentException("unknown parameter '" + name + "'; known: "
        + entries.stream().map(Entry::name).toList());
  }

  /** Human-readable name of scalar {@code i}, e.g. {@code "filters[3,17]"} or {@code "logScale"}. */
  public String scalarName(int i) {
    for (Entry e : entries) {
      if (i >= e.offset() && i < e.offset() + e.size()) {
        if (e.size() == 1) {
          return e.name();
        }
        int r = i - e.offset();
        List<Integer> sh = e.shape();
        int[] idx = new int[sh.size()];
        for (int d = sh.size() - 1; d >= 0; d--) {
          idx[d] = r % sh.get(d);
          r /= sh.get(d);
        }
        StringBuilder sb = new StringBuilder(e.name()).append('[');
        for (int d = 0; d < idx.length; d++) {
          sb.append(d == 0 ? "" : ",").append(idx[d]);
        }
        return sb.append(']').toString();
      }
    }
    throw new IndexOutOfBoundsException("parameter index " + i + " outside 0.." + (dimension() - 1));
  }
}
