package io.bmo.jobs.spark;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reliable RDD checkpoints of a stateful run's lineage, inside its directory: transient files of Spark's own
 * format, so only the newest is kept (the previous one is deleted once a newer one exists), and all of them go when
 * the executor closes. Failing deletes are logged, never fatal.
 */
final class LineageFiles {
  private static final Logger LOG = LoggerFactory.getLogger(LineageFiles.class);
  private final String dir;
  private final Configuration hadoop;
  private String last;

  /** @param dir the checkpoint directory (Hadoop URI), or null when the run keeps none */
  LineageFiles(String dir, Configuration hadoop) {
    this.dir = dir;
    this.hadoop = hadoop;
  }

  /** After {@code rdd} became current: deletes the previous checkpoint file when {@code rdd} has a newer one. */
  void installed(JavaRDD<?> rdd) {
    if (rdd.isCheckpointed() && rdd.getCheckpointFile().isPresent()) {
      String file = rdd.getCheckpointFile().get();
      if (last != null && !last.equals(file)) {
        delete(last);
      }
      last = file;
    }
  }

  /** Deletes the whole directory. */
  void deleteAll() {
    if (dir != null) {
      delete(dir);
    }
  }

  private void delete(String uri) {
    try {
      Path p = new Path(uri);
      p.getFileSystem(hadoop).delete(p, true);
    } catch (IOException e) {
      LOG.warn("could not delete RDD checkpoint {}: {}", uri, e.getMessage());
    }
  }
}
