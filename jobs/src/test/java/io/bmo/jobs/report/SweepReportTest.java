package io.bmo.jobs.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep report from hand-written tables and metrics (no Spark): every plot is written and linked. */
class SweepReportTest {
  @TempDir
  Path dir;

  @Test
  void writesPlotsAndTable() throws Exception {
    Files.writeString(dir.resolve("trials.csv"), """
        trial_id,config_id,bmo.mu,seed,status,reason,steps,final_loss,test_nmse_db,seconds
        t1,c1,0.0,1,finished,,3,0.5,-3.0,1.0
        t2,c1,0.0,2,finished,,3,0.6,-3.5,1.0
        t3,c2,0.2,1,diverged,"training diverged at step 1: x",1,,,1.0
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
    Path index = Report.write(dir);
    String html = Files.readString(index);
    for (String png : List.of("convergence_loss.png", "convergence_test_nmse.png", "seed_spread.png")) {
      assertTrue(html.contains(png), png);
      assertTrue(ImageIO.read(dir.resolve("report").resolve(png).toFile()).getHeight() > 0, png);
    }
    assertTrue(html.contains("No <code>nmse_vs_layers.csv</code>"));
    assertTrue(html.contains("training diverged at step 1"));
    assertTrue(html.contains("Paired comparison") && html.contains("<td>0.0123</td><td>0.250</td>"), html);
  }
}
