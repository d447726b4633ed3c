package io.bmo.jobs.ml;

import io.bmo.core.aggregate.ReproducibleSum;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * What the evaluators share: a prediction column scored against a reference column ({@code array<double>} or ML
 * vectors of equal length), per-row sums added in {@link ReproducibleSum}s (the same bits whatever the partitioning
 * and the merge order), a validated {@code metricName}, and persistence as Spark ML metadata JSON.
 */
public abstract class ArrayPairEvaluator extends Evaluator implements MLWritable {
  private static final long serialVersionUID = 1L;
  /** Identifier. */
  private final String uid;
  /** Column of the predictions. */
  final Param<String> predictionCol;
  /** Column of the references. */
  final Param<String> referenceCol;
  /** The metric. */
  final Param<String> metricName;

  /**
   * @param uid identifier
   * @param predictionDoc documentation of {@code predictionCol}
   * @param reference name, documentation and default of the reference column's parameter
   * @param metrics the metric names, the default first
   */
  ArrayPairEvaluator(String uid, String predictionDoc, String[] reference, List<String> metrics) {
    this.uid = uid;
    predictionCol = new Param<>(this, "predictionCol", predictionDoc);
    referenceCol = new Param<>(this, reference[0], reference[1]);
    metricName = new Param<>(this, "metricName", "metric: " + String.join(" | ", metrics),
        SparseCodingParamDefs.checked("metricName", ParamValidators.inArray(metrics), "one of "
            + String.join(", ", metrics)));
    setDefault(predictionCol, "prediction");
    setDefault(referenceCol, reference[2]);
    setDefault(metricName, metrics.get(0));
  }

  @Override
  public final String uid() {
    return uid;
  }

  /** {@return the parameter} Column of the predictions (default {@code "prediction"}). */
  public final Param<String> predictionCol() {
    return predictionCol;
  }

  /** {@return the parameter} The metric. */
  public final Param<String> metricName() {
    return metricName;
  }

  /** Number of per-row sums {@link #addRow} adds. */
  abstract int sums();

  /**
   * Adds one row's sums.
   *
   * @param prediction the row's prediction
   * @param reference the row's reference, of the same length
   * @param out {@link #sums()} values, overwritten
   */
  abstract void addRow(double[] prediction, double[] reference, double[] out);

  /**
   * The metric from the sums over all rows.
   *
   * @param sums the folded sums
   * @param metric the metric's name
   * @return its value
   */
  abstract double metric(ReproducibleSum sums, String metric);

  /**
   * The metric over all rows.
   *
   * @param dataset rows with the prediction and reference columns
   * @return the metric's value
   * @throws IllegalArgumentException when a column is missing or of another type, lengths differ, or there are
   *     no rows
   */
  @Override
  public final double evaluate(Dataset<?> dataset) {
    StructType schema = dataset.schema();
    String pc = $(predictionCol);
    String rc = $(referenceCol);
    RowArrays.requireColumn(schema, pc);
    RowArrays.requireColumn(schema, rc);
    int k = sums();
    ReproducibleSum total = dataset.select(pc, rc).toJavaRDD().treeAggregate(new ReproducibleSum(k),
        (ReproducibleSum acc, Row r) -> {
          double[] x = RowArrays.get(r, 1, -1, rc);
          double[] row = new double[k];
          addRow(RowArrays.get(r, 0, x.length, pc), x, row);
          acc.add(row);
          return acc;
        }, (ReproducibleSum a, ReproducibleSum b) -> {
          a.merge(b);
          return a;
        });
    if (total.count() == 0) {
      throw new IllegalArgumentException("cannot evaluate an empty DataFrame");
    }
    return metric(total, $(metricName));
  }

  /** {@return a writer of this evaluator} It saves the parameters as Spark ML metadata JSON. */
  @Override
  public final MLWriter write() {
    return new StageWriter((dir, sparkVersion) -> StageMetadata.write(dir, this, sparkVersion, Set.of(), Map.of()));
  }
}
