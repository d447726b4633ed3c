package io.bmo.jobs.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A hand-written sweep directory (tables, per-trial metrics and depth curves) for report tests; no Spark. */
final class ReportFixtures {
  private ReportFixtures() {}

  /** Writes the sweep into {@code dir} (2 configs, 3 trials: two finished, one diverged); returns {@code dir}. */
  static Path sweep(Path dir) throws IOException {
    Files.writeString(dir.resolve("trials.csv"), """
        trial_id,config_id,bmo.mu,seed,status,reason,steps,final_loss,test_nmse_db,seconds
        t1,c1,0.0,1,finished,,3,0.5,-3.0,1.0
        t2,c1,0.0,2,finished,,3,0.6,-3.5,1.0
        t3,c2,0.2,1,diverged,"training diverged at step 1: x <&> y",1,,,1.0
        """);
    Files.writeString(dir.resolve("summary.csv"), """
        rank,config_id,bmo.mu,n,n_failed,n_pruned,test_nmse_db_mean,test_nmse_db_std,test_nmse_db_ci95_lo,test_nmse_db_ci95_hi,final_loss_mean,p_vs_best,p_vs_best_wilcoxon,n_paired
        1,c1,0.0,2,0,0,-3.25,0.35,-6.4,-0.1,0.55,,,
        2,c2,0.2,0,1,0,,,,,,0.0123456,0.25,3
        """);
    for (String t : List.of("t1", "t2")) {
      Path td = Files.createDirectories(dir.resolve("trials").resolve(t));
      Files.writeString(td.resolve("metrics.csv"), """
          step,loss,grad_norm,test_nmse_db,examples,seconds
          0,1.0,0.1,NaN,8,0.1
          1,0.8,0.1,-2.0,8,0.1
          2,0.6,0.1,-3.0,8,0.1
          """);
    }
    return dir;
  }

  /** {@link #sweep} plus {@code nmse_vs_layers.csv} in the finished trials, so every sweep figure is drawn. */
  static Path sweepWithDepthCurves(Path dir) throws IOException {
    sweep(dir);
    for (String t : List.of("t1", "t2")) {
      Files.writeString(dir.resolve("trials").resolve(t).resolve("nmse_vs_layers.csv"),
          "layers,test_nmse,test_nmse_db\n1,0.5,-3.0\n4,0.3,-5.2\n16,0.2,-7.0\n");
    }
    return dir;
  }
}
