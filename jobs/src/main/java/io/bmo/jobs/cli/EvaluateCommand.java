package io.bmo.jobs.cli;

import io.bmo.jobs.io.Json;
import io.bmo.jobs.run.LayerEvaluation;
import io.bmo.jobs.spark.SparkRuntime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code evaluate --run DIR [--layers 1,2,4,…]}: test-set metrics of a finished (or checkpointed) sparse-coding run
 * with μ = 0 at each depth, including more layers than trained: BMO's claim is that the learned map keeps
 * converging there. Writes {@code nmse_vs_layers.csv} into the run and prints one JSON line.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, description = "Evaluate a trained run on its test set.")
public final class EvaluateCommand implements Callable<Integer> {
  @Option(names = "--run", required = true, description = "run directory (local path or Hadoop URI)")
  String run;
  @Option(names = "--layers", split = ",", description = "depths to evaluate (default 1,2,4,…,256 and K)")
  int[] layers;
  @Option(names = "--master", description = "Spark master URL when not launched by spark-submit")
  String master;
  @Option(names = "--local", description = "evaluate in this JVM instead of on Spark")
  boolean local;

  @Override
  public Integer call() throws Exception {
    Configuration hadoop = new Configuration();
    SparkRuntime spark = local ? null : SparkRuntime.start("bmo evaluate", master);
    try {
      LayerEvaluation.Result r = LayerEvaluation.run(run, layers, spark, hadoop);
      List<Map<String, Object>> rows = new ArrayList<>();
      for (LayerEvaluation.Point p : r.points()) {
        System.err.printf(Locale.ROOT, "layers %4d  test NMSE %8.3f dB  fixed-point residual %.3e%n", p.layers(),
            p.testNmseDb(), p.residual());
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("layers", p.layers());
        row.put("test_nmse_db", p.testNmseDb());
        row.put("fixed_point_residual", p.residual());
        rows.add(row);
      }
      Map<String, Object> res = new LinkedHashMap<>();
      res.put("run_dir", r.runUri());
      res.put("omega", r.omegaSource());
      res.put("trained_layers", r.trainedLayers());
      res.put("nmse_vs_layers", rows);
      System.out.println(Json.write(res));
      return 0;
    } finally {
      if (spark != null) {
        spark.stop();
      }
    }
  }
}
