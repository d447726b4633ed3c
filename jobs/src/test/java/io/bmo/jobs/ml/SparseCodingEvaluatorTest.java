package io.bmo.jobs.ml;

import static io.bmo.jobs.ml.MlFixtures.M;
import static io.bmo.jobs.ml.MlFixtures.N;
import static io.bmo.jobs.ml.MlFixtures.column;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bmo.jobs.SparkTestData;
import java.math.BigDecimal;
import java.math.MathContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The evaluator against exact (BigDecimal) sums of the collected rows, the same bits under any partitioning, and
 * its edge cases.
 */
class SparseCodingEvaluatorTest {
  /**
   * ReproducibleSum's bound for 40 summands is 40·2⁻⁶⁴ of the largest plus 2 ulps of the result; the metric adds a
   * division and a log10, a few ulps more. 1e-14 relative covers all of that with room and is far below any
   * difference between two models.
   */
  private static final double REL_TOL = 1e-14;

  @Test
  void metricsEqualExactSumsAndDoNotDependOnPartitioning() {
    SparkSession spark = SparkTestData.session("local[2]", "evaluator-test");
    try {
      MlFixtures.Data data = MlFixtures.Data.generate(40, 3);
      Dataset<Row> df = data.frame(spark);
      // steps = 0: the initial ω, an imperfect model whose predictions differ from the codes
      Dataset<Row> out = new SparseCodingEstimator().setDictionary(M, N, data.a()).setModel("ista").setLayers(4)
          .setSteps(0).setShards(2).fit(df).transform(df).cache();
      double[][] u = column(out, "prediction");
      double[][] x = column(out, "code");
      BigDecimal err = BigDecimal.ZERO;
      BigDecimal norm = BigDecimal.ZERO;
      for (int i = 0; i < u.length; i++) {
        for (int j = 0; j < N; j++) {
          BigDecimal d = new BigDecimal(u[i][j]).subtract(new BigDecimal(x[i][j]));
          err = err.add(d.multiply(d));
          norm = norm.add(new BigDecimal(x[i][j]).multiply(new BigDecimal(x[i][j])));
        }
      }
      double nmse = err.divide(norm, MathContext.DECIMAL128).doubleValue();
      double mse = err.divide(BigDecimal.valueOf((long) u.length * N), MathContext.DECIMAL128).doubleValue();
      SparseCodingEvaluator ev = new SparseCodingEvaluator();
      assertFalse(ev.isLargerBetter());
      assertClose(10 * Math.log10(nmse), ev.evaluate(out));
      assertClose(nmse, ev.copy(new org.apache.spark.ml.param.ParamMap()).setMetricName("nmse").evaluate(out));
      assertClose(mse, new SparseCodingEvaluator().setMetricName("mse").evaluate(out));
      assertTrue(nmse > 0.01, "the fixture must have a visible error, got " + nmse);

      double whole = ev.evaluate(out.coalesce(1));
      assertEquals(Double.doubleToRawLongBits(whole), Double.doubleToRawLongBits(ev.evaluate(out.repartition(5))));
      assertEquals(Double.doubleToRawLongBits(whole), Double.doubleToRawLongBits(ev.evaluate(out)));

      assertEquals(Double.NEGATIVE_INFINITY, ev.setPredictionCol("code").evaluate(out), "perfect predictions");
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> new SparseCodingEvaluator().evaluate(df));
      assertTrue(e.getMessage().contains("'prediction' not found"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> new SparseCodingEvaluator().setMetricName("rmse"));
      assertEquals("parameter metricName: must be one of nmseDb, nmse, mse, got rmse", e.getMessage());
      // A row-level problem is found inside a task: Spark wraps it, the cause names the column.
      Throwable t = assertThrows(Exception.class,
          () -> new SparseCodingEvaluator().setPredictionCol("signal").evaluate(df));
      while (t.getCause() != null) {
        t = t.getCause();
      }
      assertEquals("column 'signal' has a row of length " + M + ", expected " + N, t.getMessage());
    } finally {
      spark.stop();
    }
  }

  private static void assertClose(double expected, double actual) {
    assertEquals(expected, actual, REL_TOL * Math.abs(expected), "expected " + expected + ", got " + actual);
  }
}
