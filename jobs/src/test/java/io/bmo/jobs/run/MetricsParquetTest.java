package io.bmo.jobs.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.core.train.Trainer;
import io.bmo.jobs.SparkTestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metrics Parquet directory against Spark SQL's own writer on the same rows: Spark reads both back with the same
 * schema and the same values bit for bit (NaN, ±∞, −0.0, subnormals and long extremes included); a refused write is
 * named in one line and leaves nothing.
 */
class MetricsParquetTest {
  @TempDir
  Path dir;

  static MetricsLog log() {
    MetricsLog log = new MetricsLog();
    double[] odd = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, Double.MIN_VALUE,
        -Double.MAX_VALUE, 0.1 + 0.2, -15.201312431353571};
    for (int s = 0; s < 40; s++) {
      Map<String, Double> v = new LinkedHashMap<>();
      v.put("train_nmse_db", -5.0 - s / 7.0);
      v.put("test_nmse_db", s % 25 == 24 ? -7.3 - s / 3.0 : Double.NaN);
      v.put("odd", odd[s % odd.length]);
      long examples = s == 39 ? Long.MAX_VALUE : 1024L * s;
      log.add(new Trainer.StepMetrics(s == 38 ? Long.MIN_VALUE : s, Math.exp(-s / 9.0), Math.sqrt(s + 0.5), v,
          examples, 0.15 + s * 1e-3));
    }
    return log;
  }

  /** The rows as the Spark SQL writer this class replaces was given them. */
  static Dataset<Row> frame(SparkSession spark, MetricsLog log) {
    StructType schema = new StructType().add("step", DataTypes.LongType).add("loss", DataTypes.DoubleType)
        .add("grad_norm", DataTypes.DoubleType);
    for (String n : log.names()) {
      schema = schema.add(n, DataTypes.DoubleType);
    }
    schema = schema.add("examples", DataTypes.LongType).add("seconds", DataTypes.DoubleType);
    List<Row> rows = new ArrayList<>();
    for (Trainer.StepMetrics m : log.rows()) {
      List<Object> v = new ArrayList<>(List.of(m.step(), m.loss(), m.gradNorm()));
      for (String n : log.names()) {
        v.add(m.value(n));
      }
      v.add(m.examples());
      v.add(m.seconds());
      rows.add(RowFactory.create(v.toArray()));
    }
    return spark.createDataFrame(rows, schema).coalesce(1);
  }

  @Test
  void sparkReadsTheSameSchemaAndBitsAsItsOwnWriterGives() throws IOException {
    MetricsLog log = log();
    RunStore store = new RunStore(dir.resolve("run").toString(), new Configuration());
    Files.createDirectories(dir.resolve("run/metrics.parquet"));
    Files.writeString(dir.resolve("run/metrics.parquet/part-00007.parquet"), "a stale part of an earlier write");
    MetricsParquet.write(store, "metrics.parquet", log);
    try (Stream<Path> files = Files.list(dir.resolve("run/metrics.parquet"))) {
      assertEquals(List.of("_SUCCESS", MetricsParquet.PART),
          files.map(p -> p.getFileName().toString()).sorted().toList(), "one part file replaces the old directory");
    }
    SparkSession spark = SparkTestData.session("local[1]", "metrics-parquet-test");
    try {
      String sparkDir = dir.resolve("spark.parquet").toString();
      frame(spark, log).write().mode(SaveMode.Overwrite).parquet(sparkDir);
      Dataset<Row> ours = spark.read().parquet(dir.resolve("run/metrics.parquet").toString());
      Dataset<Row> theirs = spark.read().parquet(sparkDir);
      assertEquals(theirs.schema(), ours.schema());
      // Spark reads every column back as nullable: compare the files' own schemas too (optional, int64, double)
      assertEquals(footerSchema(onlyPart(Path.of(sparkDir))), footerSchema(dir.resolve("run/metrics.parquet")
          .resolve(MetricsParquet.PART)));
      List<Row> a = theirs.collectAsList();
      List<Row> b = ours.collectAsList();
      assertEquals(log.rows().size(), b.size());
      for (int r = 0; r < a.size(); r++) {
        for (int c = 0; c < a.get(r).size(); c++) {
          Object x = a.get(r).get(c);
          Object y = b.get(r).get(c);
          if (x instanceof Double dx) {
            assertEquals(Double.doubleToRawLongBits(dx), Double.doubleToRawLongBits((Double) y), "row " + r + " col "
                + c);
          } else {
            assertEquals(x, y, "row " + r + " col " + c);
          }
        }
      }
    } finally {
      spark.stop();
    }
  }

  static Path onlyPart(Path sparkDir) throws IOException {
    try (Stream<Path> files = Files.list(sparkDir)) {
      List<Path> parts = files.filter(p -> p.getFileName().toString().endsWith(".parquet")).toList();
      assertEquals(1, parts.size(), parts.toString());
      return parts.get(0);
    }
  }

  static MessageType footerSchema(Path file) throws IOException {
    try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(
        new org.apache.hadoop.fs.Path(file.toUri()), new Configuration()))) {
      return r.getFooter().getFileMetaData().getSchema();
    }
  }

  /** The local file system under the scheme {@code refusing:}, refusing to create any Parquet part file. */
  public static final class RefusingFileSystem extends org.apache.hadoop.fs.RawLocalFileSystem {
    @Override
    public java.net.URI getUri() {
      return java.net.URI.create("refusing:///");
    }

    @Override
    public org.apache.hadoop.fs.FSDataOutputStream create(org.apache.hadoop.fs.Path f, boolean overwrite,
        int bufferSize, short replication, long blockSize, org.apache.hadoop.util.Progressable progress)
        throws IOException {
      if (f.getName().equals(MetricsParquet.PART)) {
        throw new IOException("No space left on device");
      }
      return super.create(f, overwrite, bufferSize, replication, blockSize, progress);
    }
  }

  @Test
  void aRefusedWriteLeavesTheEarlierDirectoryAsItWas() throws IOException {
    Path earlier = dir.resolve("run/metrics.parquet");
    Files.createDirectories(earlier);
    Files.writeString(earlier.resolve("part-00000-earlier.snappy.parquet"), "the earlier write");
    Configuration conf = new Configuration();
    conf.set("fs.refusing.impl", RefusingFileSystem.class.getName());
    conf.setBoolean("fs.refusing.impl.disable.cache", true);
    RunStore store = new RunStore("refusing://" + dir.resolve("run").toAbsolutePath(), conf);
    IOException e = assertThrows(IOException.class, () -> MetricsParquet.write(store, "metrics.parquet", log()));
    assertTrue(e.getMessage().startsWith("cannot write ") && e.getMessage().endsWith("No space left on device"),
        e.getMessage());
    try (Stream<Path> files = Files.list(dir.resolve("run"))) {
      assertEquals(List.of("metrics.parquet"), files.map(p -> p.getFileName().toString()).toList(),
          "no temporary directory left");
    }
    assertEquals("the earlier write", Files.readString(earlier.resolve("part-00000-earlier.snappy.parquet")));
  }

  @Test
  void aRefusedWriteIsNamedAndLeavesNothing() throws IOException {
    Files.writeString(dir.resolve("blocker"), "a file where the run directory should be");
    RunStore store = new RunStore(dir.resolve("blocker").toString(), new Configuration());
    IOException e = assertThrows(IOException.class, () -> MetricsParquet.write(store, "metrics.parquet", log()));
    assertTrue(e.getMessage().startsWith("cannot write ") && e.getMessage().contains("metrics.parquet"),
        e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    assertEquals("a file where the run directory should be", Files.readString(dir.resolve("blocker")));
  }
}
