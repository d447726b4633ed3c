package io.bmo.jobs.ml;

import io.bmo.core.train.ExampleSource;

/**
 * The sizes of a training set whose rows live in the estimator's resident shards: enough for the problem's
 * bookkeeping; {@link #fill} is never called (each task reads its own {@link ResidentShards}).
 *
 * @param m signal length
 * @param n code length
 * @param count rows
 */
record SizeOnlySource(int m, int n, long count) implements ExampleSource {
  @Override
  public int signalDim() {
    return m;
  }

  @Override
  public int codeDim() {
    return n;
  }

  @Override
  public long size() {
    return count;
  }

  @Override
  public void fill(long first, int cols, double[] b, double[] x) {
    throw new UnsupportedOperationException("rows live in the estimator's resident shards");
  }
}
