package io.bmo.jobs.run;

import io.bmo.core.train.Trainer;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hadoop.fs.FSError;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopStreams;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * The per-step metrics of a run as a Parquet directory of one part file, the layout Spark writes and reads
 * ({@code part-00000.snappy.parquet} and an empty {@code _SUCCESS}), with the schema Spark's writer gives the same
 * rows: nullable {@code step} (int64), {@code loss}, {@code grad_norm}, the run's named metrics (double, NaN where a
 * step has none), {@code examples} (int64), {@code seconds}. Written with the Parquet library alone: Spark SQL's
 * first write in a session costs seconds of planning and code generation for a few hundred rows.
 *
 * <p>The directory is written under a hidden name beside it and renamed into place; a file system that refuses a file
 * is named in one line, nothing half-written stays, and an earlier directory of that name is left as it was.
 */
public final class MetricsParquet {
  /** The part file's name, as Spark names the first part of a single-partition write (without its job id). */
  public static final String PART = "part-00000.snappy.parquet";

  private MetricsParquet() {}

  /**
   * The Parquet schema of {@code log}'s rows, in column order.
   *
   * @param log the metrics
   * @return the schema
   */
  static MessageType schema(MetricsLog log) {
    Types.MessageTypeBuilder b = Types.buildMessage();
    b.optional(PrimitiveTypeName.INT64).named("step");
    b.optional(PrimitiveTypeName.DOUBLE).named("loss");
    b.optional(PrimitiveTypeName.DOUBLE).named("grad_norm");
    for (String n : log.names()) {
      b.optional(PrimitiveTypeName.DOUBLE).named(n);
    }
    b.optional(PrimitiveTypeName.INT64).named("examples");
    b.optional(PrimitiveTypeName.DOUBLE).named("seconds");
    return b.named("spark_schema");
  }

  /** The file {@code p} of {@code fs} itself (the store's instance and settings, not the one cached for its URI). */
  static OutputFile outputFile(FileSystem fs, Path p) {
    return new OutputFile() {
      @Override
      public PositionOutputStream create(long blockSizeHint) throws IOException {
        return HadoopStreams.wrap(fs.create(p, false));
      }

      @Override
      public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
        return HadoopStreams.wrap(fs.create(p, true));
      }

      @Override
      public boolean supportsBlockSize() {
        return false;
      }

      @Override
      public long defaultBlockSize() {
        return 0;
      }

      @Override
      public String getPath() {
        return p.toString();
      }
    };
  }

  /**
   * Replaces {@code rel} in {@code store} by the metrics' Parquet directory.
   *
   * @param store the run directory
   * @param rel the directory relative to it, e.g. {@code metrics.parquet}
   * @param log the metrics
   * @throws IOException when the file system refuses a file (its name in the message)
   */
  public static void write(RunStore store, String rel, MetricsLog log) throws IOException {
    FileSystem fs = store.fileSystem();
    Path dir = new Path(new Path(store.uri()), rel);
    // the whole directory is written under a hidden name beside it and renamed into place, so a refused write leaves
    // the directory of an earlier write (a resumed run's) as it was
    Path tmp = new Path(dir.getParent(), "." + dir.getName() + "." + Long.toHexString(ThreadLocalRandom.current()
        .nextLong()) + ".tmp");
    MessageType schema = schema(log);
    List<String> names = log.names();
    try {
      fs.mkdirs(tmp);
      SimpleGroupFactory rows = new SimpleGroupFactory(schema);
      try (ParquetWriter<Group> w = ExampleParquetWriter.builder(outputFile(fs, new Path(tmp, PART)))
          .withType(schema).withCompressionCodec(CompressionCodecName.SNAPPY)
          .withWriteMode(ParquetFileWriter.Mode.OVERWRITE).build()) {
        for (Trainer.StepMetrics m : log.rows()) {
          Group g = rows.newGroup().append("step", m.step()).append("loss", m.loss())
              .append("grad_norm", m.gradNorm());
          for (String n : names) {
            g.append(n, m.value(n));
          }
          w.write(g.append("examples", m.examples()).append("seconds", m.seconds()));
        }
      }
      fs.create(new Path(tmp, "_SUCCESS"), true).close();
      fs.delete(dir, true);
      if (!fs.rename(tmp, dir)) {
        throw new IOException("could not rename " + tmp + " to " + dir);
      }
    } catch (IOException | FSError e) {
      throw RunStore.writeFailure(fs, tmp, dir, e);
    }
  }
}
