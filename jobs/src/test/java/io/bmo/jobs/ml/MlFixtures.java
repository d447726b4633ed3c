package io.bmo.jobs.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bmo.core.sparsecoding.SparseCodingGenerator;
import io.bmo.core.sparsecoding.SparseCodingSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Small seeded sparse-coding data as DataFrames, and bit-level comparison of prediction columns. */
final class MlFixtures {
  static final int M = 8;
  static final int N = 16;

  private MlFixtures() {}

  /** Dictionary A (M × N column-major), signals b (rows × M) and codes x (rows × N), row-major, from {@code seed}. */
  record Data(double[] a, double[] b, double[] x, int rows) {
    static Data generate(int rows, long seed) {
      SparseCodingGenerator g = new SparseCodingGenerator(new SparseCodingSpec(M, N, 0.25, 30, seed));
      double[] b = new double[M * rows];
      double[] x = new double[N * rows];
      g.block(0, rows, b, x);
      return new Data(g.dictionary(), b, x, rows);
    }

    /** Rows i = 0..rows−1 in order: {@code signal}, {@code code} (array&lt;double&gt;) and {@code fold} = i mod 2. */
    Dataset<Row> frame(SparkSession spark) {
      StructType schema = new StructType()
          .add("signal", DataTypes.createArrayType(DataTypes.DoubleType), false)
          .add("code", DataTypes.createArrayType(DataTypes.DoubleType), false)
          .add("fold", DataTypes.IntegerType, false);
      List<Row> data = new ArrayList<>();
      for (int i = 0; i < rows; i++) {
        Double[] bi = new Double[M];
        Double[] xi = new Double[N];
        for (int j = 0; j < M; j++) {
          bi[j] = b[i * M + j];
        }
        for (int j = 0; j < N; j++) {
          xi[j] = x[i * N + j];
        }
        data.add(RowFactory.create(bi, xi, i % 2));
      }
      return spark.createDataFrame(data, schema);
    }
  }

  /** The array column {@code col} of every row, in row order. */
  static double[][] column(Dataset<Row> df, String col) {
    List<Row> rows = df.select(col).collectAsList();
    double[][] out = new double[rows.size()][];
    for (int i = 0; i < out.length; i++) {
      List<Object> v = rows.get(i).getList(0);
      out[i] = new double[v.size()];
      for (int j = 0; j < out[i].length; j++) {
        out[i][j] = (Double) v.get(j);
      }
    }
    return out;
  }

  /** Same shape and the same bits (raw long bits: −0.0 ≠ 0.0) in every entry. */
  static void assertSameBits(double[][] expected, double[][] actual) {
    assertEquals(expected.length, actual.length, "rows");
    for (int i = 0; i < expected.length; i++) {
      assertSameBits(expected[i], actual[i], "row " + i);
    }
  }

  /** Same length and the same raw bits in every entry. */
  static void assertSameBits(double[] expected, double[] actual, String what) {
    assertEquals(expected.length, actual.length, what + ": length");
    for (int j = 0; j < expected.length; j++) {
      assertEquals(Double.doubleToRawLongBits(expected[j]), Double.doubleToRawLongBits(actual[j]),
          what + ", entry " + j + ": " + expected[j] + " vs " + actual[j]);
    }
  }
}
