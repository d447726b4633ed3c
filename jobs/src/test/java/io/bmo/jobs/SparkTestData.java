package io.bmo.jobs;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Test helpers: a loopback-only local Spark session and (signal, code) DataFrames from row-major arrays. */
public final class SparkTestData {
  private SparkTestData() {}

  /** A local session bound to 127.0.0.1 with the UI off. */
  public static SparkSession session(String master, String app) {
    return SparkSession.builder().master(master).appName(app).config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
  }

  /** Rows i = 0..rows−1 with array&lt;double&gt; columns signal = b[i·m ..) and code = x[i·n ..), in order. */
  public static Dataset<Row> pairs(SparkSession spark, double[] b, double[] x, int rows, int m, int n) {
    StructType schema = new StructType()
        .add("signal", DataTypes.createArrayType(DataTypes.DoubleType))
        .add("code", DataTypes.createArrayType(DataTypes.DoubleType));
    List<Row> data = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      Double[] bi = new Double[m];
      Double[] xi = new Double[n];
      for (int j = 0; j < m; j++) {
        bi[j] = b[i * m + j];
      }
      for (int j = 0; j < n; j++) {
        xi[j] = x[i * n + j];
      }
      data.add(RowFactory.create((Object) bi, (Object) xi));
    }
    return spark.createDataFrame(data, schema);
  }
}
