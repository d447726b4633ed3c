package io.bmo.core.optim;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Explicit optimizer state: named arrays (e.g. Adam's first and second moments) and the number of updates done.
 * Plain data, so checkpoints write it as {@code .npy} files by name — never Java serialization. It is
 * {@link Serializable} only to travel to the tasks of an executor that runs several steps there.
 */
public final class OptState implements Serializable {
  private static final long serialVersionUID = 1L;
  private final Map<String, double[]> arrays = new LinkedHashMap<>();
  private long step;

  /** Updates applied so far. */
  public long step() {
    return step;
  }

  public void setStep(long s) {
    this.step = s;
  }

  void increment() {
    step++;
  }

  /** The array with this name, created zero-filled with the given length if absent. */
  public double[] array(String name, int length) {
    double[] a = arrays.computeIfAbsent(name, k -> new double[length]);
    if (a.length != length) {
      throw new IllegalStateException("optimizer state '" + name + "' has length " + a.length + ", need " + length);
    }
    return a;
  }

  /** Live view of all arrays by name (for checkpointing). */
  public Map<String, double[]> arrays() {
    return arrays;
  }

  /** Replaces an array (for restoring a checkpoint). */
  public void put(String name, double[] values) {
    arrays.put(name, values.clone());
  }

  /** Makes this a deep copy of {@code other}. */
  public void set(OptState other) {
    step = other.step;
    arrays.clear();
    other.arrays.forEach((k, v) -> arrays.put(k, v.clone()));
  }

  /** Deep copy. */
  public OptState copy() {
    OptState c = new OptState();
    c.step = step;
    arrays.forEach((k, v) -> c.arrays.put(k, v.clone()));
    return c;
  }
}
