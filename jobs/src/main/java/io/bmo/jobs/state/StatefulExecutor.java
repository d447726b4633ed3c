package io.bmo.jobs.state;

import io.bmo.core.algorithms.StateBackend;
import java.io.IOException;

/**
 * A {@link StateBackend} of a training run: besides running shard passes it writes the current shard states into a
 * run checkpoint and reads them back on {@code --resume} ({@link StateFiles} layout under {@code dir/states}), and
 * describes itself for the manifest. Implementations: {@link LocalStatefulExecutor} (this JVM) and
 * {@code io.bmo.jobs.spark.SparkStatefulExecutor}; both give the same bits.
 */
public interface StatefulExecutor extends StateBackend {
  /** Sub-directory of a checkpoint that holds the shard states. */
  String STATES = "states";

  /**
   * Writes every shard's current state under {@code checkpointDir/states} (any Hadoop URI).
   *
   * @param checkpointDir the checkpoint directory
   * @throws IOException when a file cannot be written
   */
  void writeStates(String checkpointDir) throws IOException;

  /**
   * Replaces the current states by those under {@code checkpointDir/states}.
   *
   * @param checkpointDir the checkpoint directory
   * @throws IOException when a file is missing, damaged or of another shape
   */
  void readStates(String checkpointDir) throws IOException;

  /**
   * e.g. "local" or the Spark master, for the manifest.
   *
   * @return the description
   */
  String describe();
}
