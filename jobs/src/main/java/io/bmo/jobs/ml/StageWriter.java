package io.bmo.jobs.ml;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.spark.ml.util.MLWriter;

/**
 * An {@link MLWriter} whose {@code saveImpl} hands a {@link StageFiles} for the target path (through the Spark
 * session's Hadoop configuration) to the stage's own writing code. {@link MLWriter#save} has already refused an
 * existing path, or deleted it under {@code overwrite()}.
 */
final class StageWriter extends MLWriter {
  /** Writes a stage into its directory. */
  interface Body {
    void write(StageFiles dir, String sparkVersion) throws IOException;
  }

  private final Body body;

  StageWriter(Body body) {
    this.body = body;
  }

  @Override
  public void saveImpl(String path) {
    try {
      body.write(new StageFiles(path, sc().hadoopConfiguration()), sc().version());
    } catch (IOException e) {
      throw new UncheckedIOException(path + ": cannot save: " + e.getMessage(), e);
    }
  }
}
